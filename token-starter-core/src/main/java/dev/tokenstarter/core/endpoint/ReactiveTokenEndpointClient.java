package dev.tokenstarter.core.endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import dev.tokenstarter.core.callback.PendingCallbacks;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.request.TokenRequest;
import dev.tokenstarter.core.request.TokenRequestCustomizer;
import dev.tokenstarter.core.request.TokenRequestFactory;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.response.TokenResponse;
import dev.tokenstarter.core.response.TokenResponseMapper;
import dev.tokenstarter.core.response.TokenResponseReader;

/**
 * Sends token requests with a {@link WebClient} and maps their responses: the reactive twin of
 * {@link TokenEndpointClient}.
 *
 * @author token-starter
 */
public final class ReactiveTokenEndpointClient {

	private static final Log logger = LogFactory.getLog(ReactiveTokenEndpointClient.class);

	/**
	 * Reactor's context key for a subscriber's own dropped-error hook. When a timeout cancels the JDK
	 * client's request, its future fails with a CancellationException after the subscriber is gone;
	 * without this hook Reactor logs it at ERROR with a stack trace, once per cancelled exchange, on top
	 * of the timeout the caller is told about.
	 */
	private static final String ON_ERROR_DROPPED = "reactor.onErrorDropped.local";

	private static final Consumer<Throwable> DROPPED_AFTER_CANCEL = (ex) -> {
		if (logger.isDebugEnabled()) {
			logger.debug("Token request failed after it was cancelled: " + ex.getClass().getName());
		}
	};

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

	private EndpointFailures.Timeouts timeouts = EndpointFailures.Timeouts.UNKNOWN;

	private int maxResponseSize = BoundedBody.limit(BoundedBody.DEFAULT_LIMIT);

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private @Nullable TokenRequestCustomizer requestCustomizer;

	private @Nullable TokenResponseReader responseReader;

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
		return Mono
			.fromSupplier(() -> Delivery.start(this.pendingCallbacks, definition, endpoint, this.maxResponseSize))
			.flatMap((delivery) -> Mono
				.fromSupplier(() -> customize(this.requestFactory.create(definition, endpoint.request(),
						delivery.variables(variables))))
				.flatMap((request) -> send(request, endpoint, delivery))
				.switchIfEmpty(Mono.defer(() -> Mono.fromFuture(delivery.future(), true)))
				.doOnError((ex) -> delivery.abandon())
				.doOnCancel(delivery::abandon));
	}

	private Mono<TokenResponse> send(TokenRequest request, TokenEndpointSpec endpoint, Delivery delivery) {
		return Mono.defer(() -> {
			long started = System.nanoTime();
			WebClient.RequestBodySpec spec = this.webClient.method(request.method())
				.uri(request.uri())
				.headers((headers) -> headers.addAll(request.headers()));
			WebClient.RequestHeadersSpec<?> ready = (request.body() != null) ? spec.bodyValue(request.body()) : spec;
			Mono<TokenResponse> exchange = ready
				.exchangeToMono((response) -> read(request, endpoint, delivery, response));
			Duration timeout = this.timeout;
			return ((timeout != null) ? exchange.timeout(timeout) : exchange)
				.onErrorMap(ReactiveTokenEndpointClient::isExchangeFailure,
						(ex) -> EndpointFailures.unreachable(request, withoutWrapper(ex), this.timeouts, started))
				.contextWrite((context) -> context.put(ON_ERROR_DROPPED, DROPPED_AFTER_CANCEL));
		});
	}

	private Mono<TokenResponse> read(TokenRequest request, TokenEndpointSpec endpoint, Delivery delivery,
			ClientResponse response) {
		int status = response.statusCode().value();
		HttpHeaders headers = response.headers().asHttpHeaders();
		int limit = this.maxResponseSize;
		return ReactiveBoundedBody
			.read(response.body(BodyExtractors.toDataBuffers()), headers.getContentLength(), limit)
			.mapNotNull((body) -> delivery.read(this.responseMapper, this.responseReader, request.registrationId(),
					endpoint, status, headers, body, this.clock.instant()))
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> RetryAfter.apply(EndpointFailures.tooLarge(request, status, limit), headers,
							this.clock.instant()))
			.onErrorMap(TokenEndpointException.class, (ex) -> RetryAfter.apply(ex, headers, this.clock.instant()));
	}

	/**
	 * Whether an error of the exchange means that no complete response came: the request failed, the
	 * exchange timed out, or the connection failed while the body was read.
	 */
	private static boolean isExchangeFailure(Throwable ex) {
		return ex instanceof WebClientRequestException || ex instanceof TimeoutException
				|| ex instanceof IOException || ex instanceof UncheckedIOException;
	}

	private static Throwable withoutWrapper(Throwable ex) {
		boolean wrapper = ex instanceof WebClientRequestException || ex instanceof UncheckedIOException;
		return (wrapper && ex.getCause() != null) ? ex.getCause() : ex;
	}

	/**
	 * Set the clock that stamps when responses were received and gives the {@code iat} of signed JWTs.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
		this.requestFactory.setClock(clock);
	}

	/**
	 * Set how long a whole exchange, response body included, may take before it fails as a transient
	 * {@code TokenEndpointException}. The connector's own timeouts apply as well.
	 * @param timeout the timeout, or {@code null} for none (the default)
	 */
	public void setTimeout(@Nullable Duration timeout) {
		Assert.isTrue(timeout == null || (!timeout.isNegative() && !timeout.isZero()), "timeout must be positive");
		this.timeout = timeout;
		this.timeouts = new EndpointFailures.Timeouts(this.timeouts.connect(), timeout);
	}

	/**
	 * Set the connect time-out that the connector's HTTP client enforces, so that the message of a
	 * failure to connect in time names it.
	 * @param connectTimeout the connect time-out, or {@code null} when not known (the default)
	 */
	public void setConnectTimeout(@Nullable Duration connectTimeout) {
		this.timeouts = new EndpointFailures.Timeouts(connectTimeout, this.timeouts.read());
	}

	/**
	 * Set how large a response body may be, as
	 * {@link TokenEndpointClient#setMaxResponseSize(DataSize)} does; the body is read incrementally and
	 * the connection let go as soon as the limit is passed. 64 KB by default.
	 * @param maxResponseSize the limit
	 */
	public void setMaxResponseSize(DataSize maxResponseSize) {
		this.maxResponseSize = BoundedBody.limit(maxResponseSize);
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
	 * Set what changes each request after it is built and before it is sent, for the client this
	 * endpoint client serves.
	 * @param requestCustomizer the customizer, or {@code null} for none (the default)
	 */
	public void setRequestCustomizer(@Nullable TokenRequestCustomizer requestCustomizer) {
		this.requestCustomizer = requestCustomizer;
	}

	/**
	 * Set what reads each response in code before the response description does, for the client this
	 * endpoint client serves; it does not read the acknowledgements of endpoints that deliver by
	 * callback.
	 * @param responseReader the reader, or {@code null} for none (the default)
	 */
	public void setResponseReader(@Nullable TokenResponseReader responseReader) {
		this.responseReader = responseReader;
	}

	private TokenRequest customize(TokenRequest request) {
		return RequestCustomization.apply(this.requestCustomizer, request);
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
