package dev.tokenstarter.core.endpoint;

import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.response.TokenRequestOutcome;

/**
 * The {@link Observation} around one token request, shared by {@link TokenEndpointClient} and its
 * reactive twin, so that token requests show up in traces and as a timer. Its key values are few and
 * bounded: the client, which endpoint, and the outcome. It never records a URI, a header, a body or an
 * error message; a failure is passed to {@link Observation#error(Throwable)}, whose messages
 * token-starter keeps free of secrets. It is stopped once, by whichever of success, failure or
 * cancellation comes first: a reactive exchange is cancelled after its value as a matter of course.
 *
 * @author token-starter
 */
final class TokenRequestObservation {

	/**
	 * Name of the observation.
	 */
	static final String NAME = "token-starter.token.request";

	private final Observation observation;

	private final AtomicBoolean stopped = new AtomicBoolean();

	private TokenRequestObservation(Observation observation) {
		this.observation = observation;
	}

	/**
	 * Create, not yet started, the observation of a request to one of a client's endpoints.
	 */
	static TokenRequestObservation create(ObservationRegistry registry, TokenClientDefinition definition,
			TokenEndpointSpec endpoint, @Nullable Observation parent) {
		Observation observation = Observation.createNotStarted(NAME, registry)
			.contextualName("token-starter token request")
			.lowCardinalityKeyValue("client", definition.getRegistrationId())
			.lowCardinalityKeyValue("endpoint", isRefresh(definition, endpoint) ? "refresh" : "token");
		if (parent != null) {
			observation.parentObservation(parent);
		}
		return new TokenRequestObservation(observation);
	}

	private static boolean isRefresh(TokenClientDefinition definition, TokenEndpointSpec endpoint) {
		return !endpoint.equals(definition.getTokenEndpoint()) && endpoint.equals(definition.getRefreshEndpoint());
	}

	Observation observation() {
		return this.observation;
	}

	TokenRequestObservation start() {
		this.observation.start();
		return this;
	}

	void succeeded() {
		if (this.stopped.compareAndSet(false, true)) {
			stop(TokenRequestOutcome.SUCCESS.value());
		}
	}

	void failed(Throwable failure) {
		if (this.stopped.compareAndSet(false, true)) {
			this.observation.error(failure);
			stop(TokenRequestOutcome.of(failure).value());
		}
	}

	void cancelled() {
		if (this.stopped.compareAndSet(false, true)) {
			stop("cancelled");
		}
	}

	private void stop(String outcome) {
		this.observation.lowCardinalityKeyValue(KeyValue.of("outcome", outcome));
		this.observation.stop();
	}

}
