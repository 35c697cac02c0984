package dev.tokenstarter.core.endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

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
 * Sends token requests with a {@link RestClient} and maps their responses. Its reactive twin is
 * {@link ReactiveTokenEndpointClient}; both build requests with {@link TokenRequestFactory} and read
 * responses with {@link TokenResponseMapper}. Each exchange is observed as
 * {@code token-starter.token.request} when an {@link ObservationRegistry} is set.
 *
 * @author token-starter
 */
public final class TokenEndpointClient {

	private final RestClient restClient;

	private final TokenRequestFactory requestFactory;

	private final TokenResponseMapper responseMapper;

	private Clock clock = Clock.systemUTC();

	private @Nullable PendingCallbacks pendingCallbacks;

	private EndpointFailures.Timeouts timeouts = EndpointFailures.Timeouts.UNKNOWN;

	private int maxResponseSize = BoundedBody.limit(BoundedBody.DEFAULT_LIMIT);

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private @Nullable TokenRequestCustomizer requestCustomizer;

	private @Nullable TokenResponseReader responseReader;

	public TokenEndpointClient(RestClient restClient) {
		this(restClient, new TokenRequestFactory(), new TokenResponseMapper());
	}

	public TokenEndpointClient(RestClient restClient, TokenRequestFactory requestFactory,
			TokenResponseMapper responseMapper) {
		Assert.notNull(restClient, "restClient cannot be null");
		Assert.notNull(requestFactory, "requestFactory cannot be null");
		Assert.notNull(responseMapper, "responseMapper cannot be null");
		this.restClient = restClient;
		this.requestFactory = requestFactory;
		this.responseMapper = responseMapper;
	}

	/**
	 * Send a request to an endpoint of a client and map the response.
	 * @param definition the client
	 * @param endpoint the endpoint, the client's token or refresh endpoint
	 * @param variables variables beyond the client's credentials
	 * @return the tokens, from the response or, when the endpoint delivers them by callback, from the
	 * delivery
	 * @throws TokenEndpointException when no token was issued or delivered in time
	 */
	public TokenResponse exchange(TokenClientDefinition definition, TokenEndpointSpec endpoint,
			Map<String, String> variables) {
		TokenRequestObservation observation = TokenRequestObservation
			.create(this.observationRegistry, definition, endpoint, null)
			.start();
		TokenResponse response;
		try (Observation.Scope scope = observation.observation().openScope()) {
			response = exchangeUnobserved(definition, endpoint, variables);
		}
		catch (RuntimeException | Error ex) {
			observation.failed(ex);
			throw ex;
		}
		observation.succeeded();
		return response;
	}

	private TokenResponse exchangeUnobserved(TokenClientDefinition definition, TokenEndpointSpec endpoint,
			Map<String, String> variables) {
		Delivery delivery = Delivery.start(this.pendingCallbacks, definition, endpoint, this.maxResponseSize);
		try {
			TokenRequest request = customize(
					this.requestFactory.create(definition, endpoint.request(), delivery.variables(variables)));
			TokenResponse response = send(request, endpoint, delivery);
			return (response != null) ? response : delivery.await();
		}
		catch (RuntimeException ex) {
			delivery.abandon();
			throw ex;
		}
	}

	private @Nullable TokenResponse send(TokenRequest request, TokenEndpointSpec endpoint, Delivery delivery) {
		long started = System.nanoTime();
		try {
			RestClient.RequestBodySpec spec = this.restClient.method(request.method())
				.uri(request.uri())
				.headers((headers) -> headers.addAll(request.headers()));
			if (request.body() != null) {
				spec.body(request.body());
			}
			return spec.exchange((clientRequest, response) -> read(request, endpoint, delivery, response), true);
		}
		catch (ResourceAccessException ex) {
			throw EndpointFailures.unreachable(request, (ex.getCause() != null) ? ex.getCause() : ex, this.timeouts,
					started);
		}
		catch (UncheckedIOException ex) {
			throw EndpointFailures.unreachable(request, ex.getCause(), this.timeouts, started);
		}
		catch (IllegalStateException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw EndpointFailures.unreachable(request, io, this.timeouts, started);
			}
			throw ex;
		}
	}

	private @Nullable TokenResponse read(TokenRequest request, TokenEndpointSpec endpoint, Delivery delivery,
			ClientHttpResponse response) throws IOException {
		int status = response.getStatusCode().value();
		HttpHeaders headers = response.getHeaders();
		try {
			byte[] body = BoundedBody.read(response.getBody(), headers.getContentLength(), this.maxResponseSize);
			return delivery.read(this.responseMapper, this.responseReader, request.registrationId(), endpoint,
					status, headers, body, this.clock.instant());
		}
		catch (DataBufferLimitException ex) {
			letGo(response);
			throw RetryAfter.apply(EndpointFailures.tooLarge(request, status, this.maxResponseSize), headers,
					this.clock.instant());
		}
		catch (TokenEndpointException ex) {
			throw RetryAfter.apply(ex, headers, this.clock.instant());
		}
	}

	/**
	 * Close the body of a response that is not read further, before Spring closes the response: Spring
	 * reads what is left of a body first, to keep the connection, which for an endless body goes on until
	 * the read timeout passes.
	 */
	private static void letGo(ClientHttpResponse response) {
		try {
			response.getBody().close();
		}
		catch (IOException ex) {
			// Closed already: nothing left to let go.
		}
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
	 * Set the time-outs that the HTTP client underneath enforces, so that the message of a failure names
	 * the one that passed: the connect time-out, and the read time-out of the request factory, which with
	 * the JDK client bounds the whole exchange, from the request to the end of the response body.
	 * @param connectTimeout the connect time-out, or {@code null} when not known (the default)
	 * @param readTimeout the read time-out, or {@code null} when not known (the default)
	 */
	public void setTimeouts(@Nullable Duration connectTimeout, @Nullable Duration readTimeout) {
		this.timeouts = new EndpointFailures.Timeouts(connectTimeout, readTimeout);
	}

	/**
	 * Set how large a response body may be; a larger one fails the exchange with a
	 * {@code TokenEndpointException} whose error code is
	 * {@value TokenEndpointException#RESPONSE_TOO_LARGE}, as soon as the limit is passed. It also bounds
	 * the deliveries to the callback of the exchanges it starts. 64 KB by default.
	 * @param maxResponseSize the limit
	 */
	public void setMaxResponseSize(DataSize maxResponseSize) {
		this.maxResponseSize = BoundedBody.limit(maxResponseSize);
	}

	/**
	 * Set where exchanges with endpoints that deliver their tokens by callback register and wait; such
	 * exchanges fail without it.
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
	 * Set the registry that observes each exchange as {@code token-starter.token.request}, with the
	 * low-cardinality keys {@code client}, {@code endpoint} ({@code token} or {@code refresh}) and
	 * {@code outcome}; none by default.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "observationRegistry cannot be null");
		this.observationRegistry = observationRegistry;
	}

}
