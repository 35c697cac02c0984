package dev.tokenstarter.core.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import dev.tokenstarter.core.callback.PendingCallbacks;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.request.TokenRequest;
import dev.tokenstarter.core.request.TokenRequestFactory;
import dev.tokenstarter.core.response.TokenResponse;
import dev.tokenstarter.core.response.TokenResponseMapper;

/**
 * Sends token requests with a {@link WebClient} and maps their responses: the reactive twin of
 * {@link TokenEndpointClient}.
 *
 * @author token-starter
 */
public final class ReactiveTokenEndpointClient {

	private static final byte[] EMPTY = new byte[0];

	/**
	 * Key of the current observation in the Reactor context, as Micrometer's context propagation names
	 * it ({@code ObservationThreadLocalAccessor.KEY}, not referenced to keep that library optional).
	 */
	private static final String OBSERVATION_KEY = "micrometer.observation";

	private final WebClient webClient;

	private final TokenRequestFactory requestFactory;

	private final TokenResponseMapper responseMapper;

	private Clock clock = Clock.systemUTC();

	private @Nullable Duration timeout;

	private @Nullable PendingCallbacks pendingCallbacks;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	public ReactiveTokenEndpointClient(WebClient webClient) {
		this(webClient, new TokenRequestFactory(), new TokenResponseMapper());
	}

	public ReactiveTokenEndpointClient(WebClient webClient, TokenRequestFactory requestFactory,
			TokenResponseMapper responseMapper) {
		Assert.notNull(webClient, "webClient cannot be null");
		Assert.notNull(requestFactory, "requestFactory cannot be null");
		Assert.notNull(responseMapper, "responseMapper cannot be null");
		this.webClient = webClient;
		this.requestFactory = requestFactory;
		this.responseMapper = responseMapper;
	}

	/**
	 * Send a request to an endpoint of a client and map the response.
	 * @param definition the client
	 * @param endpoint the endpoint, the client's token or refresh endpoint
	 * @param variables variables beyond the client's credentials
	 * @return the tokens, from the response or, when the endpoint delivers them by callback, from the
	 * delivery; or a TokenEndpointException error when no token was issued or delivered in time
	 */
	public Mono<TokenResponse> exchange(TokenClientDefinition definition, TokenEndpointSpec endpoint,
			Map<String, String> variables) {
		return Mono.deferContextual((context) -> {
			Observation parent = context.getOrDefault(OBSERVATION_KEY, null);
			TokenRequestObservation observation = TokenRequestObservation
				.create(this.observationRegistry, definition, endpoint, parent)
				.start();
			return exchangeUnobserved(definition, endpoint, variables)
				.doOnSuccess((response) -> observation.succeeded())
				.doOnError(observation::failed)
				.doOnCancel(observation::cancelled)
				.contextWrite((inner) -> inner.put(OBSERVATION_KEY, observation.observation()));
		});
	}

	private Mono<TokenResponse> exchangeUnobserved(TokenClientDefinition definition, TokenEndpointSpec endpoint,
			Map<String, String> variables) {
		return Mono.fromSupplier(() -> Delivery.start(this.pendingCallbacks, definition, endpoint))
			.flatMap((delivery) -> Mono
				.fromSupplier(() -> this.requestFactory.create(definition, endpoint.request(),
						delivery.variables(variables)))
				.flatMap((request) -> send(request, endpoint, delivery))
				.switchIfEmpty(Mono.defer(() -> Mono.fromFuture(delivery.future(), true)))
				.doOnError((ex) -> delivery.abandon())
				.doOnCancel(delivery::abandon));
	}

	private Mono<TokenResponse> send(TokenRequest request, TokenEndpointSpec endpoint, Delivery delivery) {
		WebClient.RequestBodySpec spec = this.webClient.method(request.method())
			.uri(request.uri())
			.headers((headers) -> headers.addAll(request.headers()));
		WebClient.RequestHeadersSpec<?> ready = (request.body() != null) ? spec.bodyValue(request.body()) : spec;
		Mono<TokenResponse> exchange = ready.exchangeToMono((response) -> response.bodyToMono(byte[].class)
			.defaultIfEmpty(EMPTY)
			.mapNotNull((body) -> delivery.read(this.responseMapper, request.registrationId(), endpoint,
					response.statusCode().value(), response.headers().contentType().orElse(null), body,
					this.clock.instant())));
		Duration timeout = this.timeout;
		return ((timeout != null) ? exchange.timeout(timeout) : exchange)
			.onErrorMap(WebClientRequestException.class,
					(ex) -> EndpointFailures.unreachable(request, ex.getMostSpecificCause()))
			.onErrorMap(TimeoutException.class, (ex) -> EndpointFailures.unreachable(request, ex));
	}

	/**
	 * Set the clock that stamps when responses were received.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Set how long a whole exchange, response body included, may take before it fails as a transient
	 * {@code TokenEndpointException}. The connector's own timeouts apply as well.
	 * @param timeout the timeout, or {@code null} for none (the default)
	 */
	public void setTimeout(@Nullable Duration timeout) {
		Assert.isTrue(timeout == null || (!timeout.isNegative() && !timeout.isZero()), "timeout must be positive");
		this.timeout = timeout;
	}

	/**
	 * Set where exchanges with endpoints that deliver their tokens by callback register and wait; such
	 * exchanges fail without it. The wait for the delivery is bounded by the endpoint's callback timeout,
	 * not by {@link #setTimeout(Duration)}.
	 * @param pendingCallbacks the pending callbacks, or {@code null} for none (the default)
	 */
	public void setPendingCallbacks(@Nullable PendingCallbacks pendingCallbacks) {
		this.pendingCallbacks = pendingCallbacks;
	}

	/**
	 * Set the registry that observes each exchange as {@code token-starter.token.request}, as
	 * {@link TokenEndpointClient#setObservationRegistry(ObservationRegistry)} does; none by default.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "observationRegistry cannot be null");
		this.observationRegistry = observationRegistry;
	}

}
