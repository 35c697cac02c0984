package dev.tokenstarter.core.endpoint;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;
import reactor.test.StepVerifier;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.core.callback.CallbackOutcome;
import dev.tokenstarter.core.callback.PendingCallbacks;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.endpoint.LoopbackTokenServer.RecordedRequest;
import dev.tokenstarter.core.request.TokenRequest;
import dev.tokenstarter.core.request.TokenRequestFactory;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.response.TokenResponse;
import dev.tokenstarter.core.test.BrokenEndpoint;
import dev.tokenstarter.core.test.FullBacklogPort;

import static dev.tokenstarter.core.endpoint.EndpointTestClients.CLOCK;
import static dev.tokenstarter.core.endpoint.EndpointTestClients.assertNoSecrets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ReactiveTokenEndpointClient} against a real loopback token endpoint.
 *
 * @author token-starter
 */
class ReactiveTokenEndpointClientTests {

	private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(10);

	private static final String CALLBACK = "https://app.example.com/token-starter/callback";

	private static final String HALF_A_BODY = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
			+ "Content-Length: 100\r\n\r\n{\"success\":true,\"data\":{";

	/**
	 * Timeout of the tests whose endpoint holds its answer until released: long enough that a loaded
	 * machine does not spend it before the request reaches the endpoint, short enough to keep them quick.
	 */
	private static final Duration SLOW_ENDPOINT_TIMEOUT = Duration.ofSeconds(1);

	private static final String WARM_UP_RESPONSE = "{\"access_token\":\"at-warm-up\",\"token_type\":\"Bearer\","
			+ "\"expires_in\":60}";

	private LoopbackTokenServer server;

	private ReactiveTokenEndpointClient client;

	@BeforeEach
	void startServer() throws Exception {
		this.server = LoopbackTokenServer.start();
		this.client = client(Duration.ofSeconds(10));
	}

	@AfterEach
	void stopServer() throws Exception {
		this.server.close();
	}

	@Test
	void exchangeWhenSeed001JsonLoginThenSendsJsonBodyAndMapsEpochExpiries() throws Exception {
		this.server.respond(200, "application/json", EndpointTestClients.SEED_001_SUCCESS);
		TokenClientDefinition definition = EndpointTestClients.seed001(this.server.uri("/v1/tokens.make"));

		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.assertNext((response) -> {
				assertThat(response.accessToken().getTokenValue()).isEqualTo("at-001-5e6f7a8b");
				assertThat(response.accessToken().getIssuedAt()).isEqualTo(CLOCK.instant());
				assertThat(response.accessToken().getExpiresAt()).isEqualTo(Instant.parse("2025-06-21T02:00:00Z"));
				assertThat(response.refreshToken().getTokenValue()).isEqualTo("rt-001-1c2d3e4f");
				assertThat(response.refreshToken().getExpiresAt()).isEqualTo(Instant.parse("2025-07-04T02:00:00Z"));
			})
			.expectComplete()
			.verify(VERIFY_TIMEOUT);

		RecordedRequest request = this.server.takeRequest();
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/v1/tokens.make");
		assertThat(request.rawQuery()).isNull();
		assertThat(request.header("Content-Type")).containsExactly("application/json");
		assertThat(request.header("Accept")).containsExactly("application/json");
		assertThat(request.header("Authorization")).isEmpty();
		assertThat(request.bodyText())
			.isEqualTo("{\"email\":\"dev@example.com\",\"password\":\"P4ssw0rd!\",\"appId\":\"app-42\"}");
	}

	@Test
	void exchangeWhenSeed003ThenSendsBasicScopeQueryAndNoBody() throws Exception {
		this.server.respond(200, "application/json", EndpointTestClients.SEED_003_SUCCESS);
		TokenClientDefinition definition = EndpointTestClients.seed003(this.server.uri("/v1/api/oauth/token"));

		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.assertNext((response) -> {
				assertThat(response.accessToken().getTokenValue()).startsWith("eyJhbGciOiJSUzI1NiJ9.");
				assertThat(response.accessToken().getExpiresAt()).isEqualTo(Instant.parse("2025-06-20T04:00:00Z"));
				assertThat(response.refreshToken()).isNull();
			})
			.expectComplete()
			.verify(VERIFY_TIMEOUT);

		RecordedRequest request = this.server.takeRequest();
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/v1/api/oauth/token");
		assertThat(request.rawQuery()).isEqualTo("scope=edit");
		assertThat(request.header("Authorization")).containsExactly("Basic UE9DX05BQl9EZXY6Q2wxZW50LVMzY3JldA==");
		assertThat(request.header("Accept")).containsExactly("application/json");
		assertThat(request.header("Content-Type")).isEmpty();
		assertThat(request.body()).isEmpty();
	}

	@Test
	void exchangeWhenSeed004LoginThenSendsBasicUsernamePassword() throws Exception {
		this.server.respond(200, "application/json", EndpointTestClients.SEED_004_SUCCESS);
		TokenClientDefinition definition = EndpointTestClients.seed004(
				this.server.uri("/auth/api/v1/accounts/login"), this.server.uri("/auth/api/v1/accounts/token"));

		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.assertNext((response) -> {
				assertThat(response.accessToken().getTokenValue()).isEqualTo("at-004-a1b2c3");
				assertThat(response.accessToken().getExpiresAt()).isEqualTo(Instant.parse("2025-06-20T02:45:00Z"));
				assertThat(response.refreshToken().getTokenValue()).isEqualTo("rt-004-d4e5f6");
			})
			.expectComplete()
			.verify(VERIFY_TIMEOUT);

		RecordedRequest request = this.server.takeRequest();
		assertThat(request.path()).isEqualTo("/auth/api/v1/accounts/login");
		assertThat(request.header("Authorization")).containsExactly("Basic asO2aG46UDRzc3cwcmQh");
		assertThat(request.body()).isEmpty();
	}

	@Test
	void exchangeWhenSeed004RefreshThenSendsRefreshTokenInJsonBody() throws Exception {
		this.server.respond(200, "application/json", EndpointTestClients.SEED_004_SUCCESS);
		TokenClientDefinition definition = EndpointTestClients.seed004(
				this.server.uri("/auth/api/v1/accounts/login"), this.server.uri("/auth/api/v1/accounts/token"));

		StepVerifier
			.create(this.client.exchange(definition, definition.getRefreshEndpoint(),
					Map.of(TokenRequestFactory.REFRESH_TOKEN, EndpointTestClients.OLD_REFRESH_TOKEN)))
			.assertNext((response) -> assertThat(response.accessToken().getTokenValue()).isEqualTo("at-004-a1b2c3"))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);

		RecordedRequest request = this.server.takeRequest();
		assertThat(request.path()).isEqualTo("/auth/api/v1/accounts/token");
		assertThat(request.header("Authorization")).isEmpty();
		assertThat(request.header("Content-Type")).containsExactly("application/json");
		assertThat(request.bodyText()).isEqualTo("{\"refresh\":\"rt-004-old\"}");
	}

	@Test
	void exchangeWhenFormBodyAndQueryThenSendsEncodedFormAndQuery() throws Exception {
		this.server.respond(200, "application/json;charset=UTF-8",
				"{\"access_token\":\"at-form\",\"token_type\":\"bearer\",\"expires_in\":600}");
		TokenClientDefinition definition = EndpointTestClients
			.formWithSecretInQuery(this.server.uri("/oauth/token?tenant=acme"));

		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.assertNext((response) -> assertThat(response.accessToken().getExpiresAt())
				.isEqualTo(Instant.parse("2025-06-20T02:10:00Z")))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);

		RecordedRequest request = this.server.takeRequest();
		assertThat(request.rawQuery()).isEqualTo("tenant=acme&client_secret=Cl1ent-S3cret");
		assertThat(request.header("Content-Type")).containsExactly("application/x-www-form-urlencoded;charset=UTF-8");
		assertThat(request.bodyText()).isEqualTo("grant_type=password&username=j%C3%B6hn+doe&password=P4ssw0rd%21");
	}

	@Test
	void exchangeWhenSeed000FailureEnvelopeOnHttp200ThenNotTransientWithEnvelopeError() throws Exception {
		this.server.respond(200, "application/json", EndpointTestClients.SEED_000_FAILURE);
		TokenClientDefinition definition = EndpointTestClients
			.seed000(this.server.uri("/auth/api/token/getAccessToken"));

		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.expectErrorSatisfies((error) -> {
				TokenEndpointException ex = endpointFailure(error, 200, false);
				assertThat(ex.getError().getErrorCode()).isEqualTo("4010");
				assertThat(ex.getMessage()).contains("'seed-000'").contains("Callback code is invalid or expired");
				assertNoSecrets(ex);
			})
			.verify(VERIFY_TIMEOUT);

		assertThat(this.server.takeRequest().bodyText()).isEqualTo(
				"{\"clientId\":\"myxjDRvjN+osYha2DxNAuVlYVnpY26BU2pPJdCyVzJU=\",\"code\":\"cb-code-7f3a\"}");
	}

	@Test
	void exchangeWhenSeed003RefusesWith401ThenNotTransientWithErrorCode() {
		this.server.respond(401, "application/json", EndpointTestClients.SEED_003_ERROR);
		TokenClientDefinition definition = EndpointTestClients.seed003(this.server.uri("/v1/api/oauth/token"));

		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.expectErrorSatisfies((error) -> {
				TokenEndpointException ex = endpointFailure(error, 401, false);
				assertThat(ex.getError().getErrorCode()).isEqualTo("240101");
				assertThat(ex.getMessage()).contains("'seed-003'").contains("Please refer to invalid-params");
				assertNoSecrets(ex, "scope=edit");
			})
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void exchangeWhen503WithHtmlThenTransient() {
		this.server.respond(503, "text/html", EndpointTestClients.HTML);
		TokenClientDefinition definition = EndpointTestClients.seed001(this.server.uri("/v1/tokens.make"));

		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.expectErrorSatisfies((error) -> {
				TokenEndpointException ex = endpointFailure(error, 503, true);
				assertThat(ex.getMessage()).contains("'seed-001'").contains("text/html");
				assertNoSecrets(ex);
			})
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void exchangeWhenConnectionRefusedThenTransientWithStatusZeroAndNoQueryOrSecret() throws Exception {
		TokenClientDefinition definition = EndpointTestClients.formWithSecretInQuery(
				"http://127.0.0.1:" + LoopbackTokenServer.closedPort() + "/oauth/token?tenant=acme");

		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.expectErrorSatisfies((error) -> {
				TokenEndpointException ex = endpointFailure(error, 0, true);
				assertThat(ex.getError().getErrorCode()).isEqualTo(EndpointFailures.UNREACHABLE);
				assertThat(ex.getMessage()).startsWith("Token endpoint of client 'form' at http://127.0.0.1:")
					.endsWith("/oauth/token could not be reached: connection refused");
				assertNoSecrets(ex, "tenant=acme", "client_secret", "?");
			})
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void exchangeWhenHostUnknownThenMessageSaysUnknownHost() {
		TokenClientDefinition definition = EndpointTestClients
			.formWithSecretInQuery("http://token-starter.invalid/oauth/token?tenant=acme");

		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.expectErrorSatisfies((error) -> {
				TokenEndpointException ex = endpointFailure(error, 0, true);
				assertThat(ex.getMessage()).isEqualTo("Token endpoint of client 'form' at http://token-starter.invalid"
						+ "/oauth/token could not be reached: unknown host 'token-starter.invalid'");
				assertThat(ex.getCause()).isNotNull();
				assertNoSecrets(ex, "tenant=acme", "client_secret", "?");
			})
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void exchangeWhenConnectTimesOutThenMessageNamesConnectTimeout() throws Exception {
		try (FullBacklogPort port = FullBacklogPort.open()) {
			TokenClientDefinition definition = EndpointTestClients.seed001(port.uri("/v1/tokens.make"));

			StepVerifier
				.create(client(Duration.ofMillis(300), Duration.ofSeconds(5)).exchange(definition,
						definition.getTokenEndpoint(), Map.of()))
				.expectErrorSatisfies((error) -> assertThat(endpointFailure(error, 0, true).getMessage())
					.endsWith("/v1/tokens.make could not be reached: connect timeout of 300 ms passed"))
				.verify(VERIFY_TIMEOUT);
		}
	}

	@Test
	void exchangeWhenBodyStallsThenFailsAfterReadTimeoutNamingIt() throws Exception {
		try (BrokenEndpoint endpoint = BrokenEndpoint.start()) {
			endpoint.answer(HALF_A_BODY, BrokenEndpoint.Behaviour.STALL);
			TokenClientDefinition definition = EndpointTestClients.seed001(endpoint.uri("/v1/tokens.make"));

			StepVerifier
				.create(client(Duration.ofSeconds(5), Duration.ofMillis(300)).exchange(definition,
						definition.getTokenEndpoint(), Map.of()))
				.expectErrorSatisfies((error) -> assertThat(endpointFailure(error, 0, true).getMessage())
					.endsWith("/v1/tokens.make gave no complete response: read timeout of 300 ms passed"))
				.verify(VERIFY_TIMEOUT);
		}
	}

	@Test
	void exchangeWhenConnectionResetMidBodyThenMessageSaysConnectionReset() throws Exception {
		try (BrokenEndpoint endpoint = BrokenEndpoint.start()) {
			endpoint.answer(HALF_A_BODY, BrokenEndpoint.Behaviour.RESET);
			TokenClientDefinition definition = EndpointTestClients.seed001(endpoint.uri("/v1/tokens.make"));

			StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
				.expectErrorSatisfies((error) -> assertThat(endpointFailure(error, 0, true).getMessage())
					.endsWith("/v1/tokens.make broke off its response: connection reset"))
				.verify(VERIFY_TIMEOUT);
		}
	}

	@Test
	void exchangeWhenBodyEndlessThenFailsAtLimitAndLetsConnectionGo() throws Exception {
		try (BrokenEndpoint endpoint = BrokenEndpoint.start()) {
			endpoint.answer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
					BrokenEndpoint.Behaviour.ENDLESS);
			TokenClientDefinition definition = EndpointTestClients.seed001(endpoint.uri("/v1/tokens.make"));
			ReactiveTokenEndpointClient client = client(Duration.ofSeconds(5), Duration.ofSeconds(10));
			client.setMaxResponseSize(DataSize.ofKilobytes(16));

			StepVerifier.create(client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
				.expectErrorSatisfies((error) -> {
					TokenEndpointException ex = endpointFailure(error, 200, false);
					assertThat(ex.getError().getErrorCode()).isEqualTo(TokenEndpointException.RESPONSE_TOO_LARGE);
					assertThat(ex.getMessage()).startsWith("Token endpoint of client 'seed-001' at http://127.0.0.1:")
						.endsWith("/v1/tokens.make answered HTTP 200 with a body over the max-response-size of 16 KB;"
								+ " it was not read further");
				})
				.verify(VERIFY_TIMEOUT);
			assertThat(endpoint.awaitEndlessBodyAbandoned(10)).as("connection let go").isTrue();
		}
	}

	@Test
	void exchangeWhenContentLengthOverLimitThenFailsWithoutReadingAndKeepsTransientStatus() {
		this.server.respond(503, "text/html", "x".repeat(2048));
		TokenClientDefinition definition = EndpointTestClients.seed001(this.server.uri("/v1/tokens.make"));
		this.client.setMaxResponseSize(DataSize.ofKilobytes(1));

		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.expectErrorSatisfies((error) -> assertThat(endpointFailure(error, 503, true).getMessage())
				.contains("answered HTTP 503 with a body over the max-response-size of 1 KB"))
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void exchangeWhen429WithRetryAfterSecondsThenTransientAndCarriesTheWait() {
		this.server.respond(429, "application/json", "{\"error\":\"slow_down\"}");
		this.server.header("Retry-After", "7");
		TokenClientDefinition definition = EndpointTestClients.seed001(this.server.uri("/v1/tokens.make"));

		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.expectErrorSatisfies((error) -> {
				TokenEndpointException ex = endpointFailure(error, 429, true);
				assertThat(ex.getError().getErrorCode()).isEqualTo("slow_down");
				assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(7));
			})
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void exchangeWhen503WithRetryAfterDateThenCarriesTheWaitUntilThatDate() {
		this.server.respond(503, "text/html", EndpointTestClients.HTML);
		this.server.header("Retry-After", "Fri, 20 Jun 2025 02:00:30 GMT");
		TokenClientDefinition definition = EndpointTestClients.seed001(this.server.uri("/v1/tokens.make"));

		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.expectErrorSatisfies((error) -> assertThat(endpointFailure(error, 503, true).getRetryAfter())
				.isEqualTo(Duration.ofSeconds(30)))
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void exchangeWhenEndpointSlowerThanConnectorReadTimeoutThenTransient() throws Exception {
		TokenClientDefinition definition = EndpointTestClients
			.formWithSecretInQuery(this.server.uri("/oauth/token?tenant=acme"));
		ReactiveTokenEndpointClient client = client(SLOW_ENDPOINT_TIMEOUT);
		warmUp(client, definition);
		this.server.hold();

		long started = System.nanoTime();
		StepVerifier.create(client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.expectErrorSatisfies((error) -> {
				TokenEndpointException ex = endpointFailure(error, 0, true);
				assertThat(ex.getError().getErrorCode()).isEqualTo(EndpointFailures.UNREACHABLE);
				assertNoSecrets(ex, "tenant=acme", "client_secret", "?");
			})
			.verify(VERIFY_TIMEOUT);

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(SLOW_ENDPOINT_TIMEOUT);
		this.server.release();
		assertThat(this.server.takeRequest().path()).isEqualTo("/oauth/token");
	}

	@Test
	void exchangeWhenEndpointSlowerThanClientTimeoutThenTransient() throws Exception {
		TokenClientDefinition definition = EndpointTestClients
			.formWithSecretInQuery(this.server.uri("/oauth/token?tenant=acme"));
		ReactiveTokenEndpointClient client = client(null);
		client.setTimeout(SLOW_ENDPOINT_TIMEOUT);
		warmUp(client, definition);
		this.server.hold();

		long started = System.nanoTime();
		StepVerifier.create(client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.expectErrorSatisfies((error) -> {
				TokenEndpointException ex = endpointFailure(error, 0, true);
				assertThat(ex.getError().getErrorCode()).isEqualTo(EndpointFailures.UNREACHABLE);
				assertThat(ex.getCause()).isInstanceOf(TimeoutException.class);
				assertThat(ex.getMessage()).endsWith("gave no complete response: read timeout of 1 s passed");
				assertNoSecrets(ex, "tenant=acme", "client_secret", "?");
			})
			.verify(VERIFY_TIMEOUT);

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(SLOW_ENDPOINT_TIMEOUT);
		this.server.release();
		assertThat(this.server.takeRequest().path()).isEqualTo("/oauth/token");
	}

	@Test
	void exchangeWhenClientTimeoutCancelsRequestThenNoErrorDropped() throws Exception {
		TokenClientDefinition definition = EndpointTestClients
			.formWithSecretInQuery(this.server.uri("/oauth/token?tenant=acme"));
		ReactiveTokenEndpointClient client = client(null);
		client.setTimeout(SLOW_ENDPOINT_TIMEOUT);
		warmUp(client, definition);
		List<Throwable> dropped = new CopyOnWriteArrayList<>();
		Hooks.onErrorDropped(dropped::add);
		this.server.hold();
		try {
			StepVerifier.create(client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
				.expectErrorSatisfies((error) -> assertThat(endpointFailure(error, 0, true).getCause())
					.isInstanceOf(TimeoutException.class))
				.verify(VERIFY_TIMEOUT);
		}
		finally {
			Hooks.resetOnErrorDropped();
			this.server.release();
		}
		assertThat(dropped).as("errors dropped when the timeout cancelled the request").isEmpty();
	}

	@Test
	void exchangeWhenConnectionClosedMidBodyThenTransientUnreachableAsOnTheBlockingSide() throws Exception {
		try (BrokenEndpoint endpoint = BrokenEndpoint.start()) {
			endpoint.answer(HALF_A_BODY, BrokenEndpoint.Behaviour.CLOSE);
			TokenClientDefinition definition = EndpointTestClients.seed001(endpoint.uri("/v1/tokens.make"));

			StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
				.expectErrorSatisfies((error) -> {
					TokenEndpointException ex = endpointFailure(error, 0, true);
					assertThat(ex.getError().getErrorCode()).isEqualTo(EndpointFailures.UNREACHABLE);
					assertThat(ex.getMessage()).contains("'seed-001'").contains("/v1/tokens.make");
					assertNoSecrets(ex);
				})
				.verify(VERIFY_TIMEOUT);
		}
	}

	@Test
	void setTimeoutWhenNotPositiveThenIllegalArgumentException() {
		ReactiveTokenEndpointClient client = client(null);

		assertThatIllegalArgumentException().isThrownBy(() -> client.setTimeout(Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> client.setTimeout(Duration.ofSeconds(-1)));
	}

	@Test
	void exchangeWhenVariableMissingThenIllegalStateExceptionSignalledAndNothingSent() {
		TokenClientDefinition definition = EndpointTestClients.seed004(this.server.uri("/login"),
				this.server.uri("/token"));

		StepVerifier.create(this.client.exchange(definition, definition.getRefreshEndpoint(), Map.of()))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("{refresh-token}"))
			.verify(VERIFY_TIMEOUT);
		assertThat(this.server.requestCount()).isZero();
	}

	@Test
	void exchangeWhenCallbackDeliveryThenSendsCallbackUriAndEmitsDeliveredTokens() {
		PendingCallbacks callbacks = callbacks(new CopyOnWriteArrayList<>());
		this.client.setPendingCallbacks(callbacks);
		this.server.respond(200, "application/json", EndpointTestClients.SEED_000_ACCEPTED);
		TokenClientDefinition definition = EndpointTestClients
			.seed000Callback(this.server.uri("/auth/api/token/getAccessToken"));
		AtomicReference<CallbackOutcome> outcome = new AtomicReference<>();

		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.then(() -> outcome.set(callbacks.deliver("seed-000", takeCallbackState(), MediaType.APPLICATION_JSON,
					EndpointTestClients.SEED_000_DELIVERY.getBytes(StandardCharsets.UTF_8))))
			.assertNext((response) -> {
				assertThat(response.accessToken().getTokenValue()).isEqualTo("at-000-cb");
				assertThat(response.refreshToken().getTokenValue()).isEqualTo("rt-000-cb");
			})
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
		assertThat(outcome.get()).isEqualTo(CallbackOutcome.ACCEPTED);
	}

	@Test
	void exchangeWhenCallbackRequestRefusedThenErrorAtOnceAndLaterDeliveryIsLate() {
		PendingCallbacks callbacks = callbacks(new CopyOnWriteArrayList<>());
		this.client.setPendingCallbacks(callbacks);
		this.server.respond(200, "application/json", EndpointTestClients.SEED_000_FAILURE);
		TokenClientDefinition definition = EndpointTestClients
			.seed000Callback(this.server.uri("/auth/api/token/getAccessToken"));

		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.expectErrorSatisfies((error) -> assertThat(endpointFailure(error, 200, false).getError().getErrorCode())
				.isEqualTo("4010"))
			.verify(VERIFY_TIMEOUT);
		assertThat(callbacks.deliver("seed-000", takeCallbackState(), MediaType.APPLICATION_JSON,
				EndpointTestClients.SEED_000_DELIVERY.getBytes(StandardCharsets.UTF_8)))
			.isEqualTo(CallbackOutcome.LATE);
	}

	@Test
	void exchangeWhenNoDeliveryBeforeTimeoutThenErrorNamesClientAndTimeout() {
		List<Runnable> timeouts = new CopyOnWriteArrayList<>();
		this.client.setPendingCallbacks(callbacks(timeouts));
		this.server.respond(200, "application/json", EndpointTestClients.SEED_000_ACCEPTED);
		TokenClientDefinition definition = EndpointTestClients
			.seed000Callback(this.server.uri("/auth/api/token/getAccessToken"));

		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.then(() -> {
				takeCallbackState();
				assertThat(timeouts).hasSize(1);
				timeouts.forEach(Runnable::run);
			})
			.expectErrorSatisfies((error) -> assertThat(endpointFailure(error, 0, false))
				.hasMessage("Token endpoint of client 'seed-000' delivered no token to the callback within 30 s"))
			.verify(VERIFY_TIMEOUT);
	}

	@Test
	void exchangeWhenCancelledBeforeDeliveryThenLaterDeliveryIsLate() {
		PendingCallbacks callbacks = callbacks(new CopyOnWriteArrayList<>());
		this.client.setPendingCallbacks(callbacks);
		this.server.respond(200, "application/json", EndpointTestClients.SEED_000_ACCEPTED);
		TokenClientDefinition definition = EndpointTestClients
			.seed000Callback(this.server.uri("/auth/api/token/getAccessToken"));
		AtomicReference<String> state = new AtomicReference<>();

		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.then(() -> state.set(takeCallbackState()))
			.thenCancel()
			.verify(VERIFY_TIMEOUT);

		assertThat(callbacks.deliver("seed-000", state.get(), MediaType.APPLICATION_JSON,
				EndpointTestClients.SEED_000_DELIVERY.getBytes(StandardCharsets.UTF_8)))
			.isEqualTo(CallbackOutcome.LATE);
	}

	private String takeCallbackState() {
		try {
			return EndpointTestClients.callbackState(this.server.takeRequest().body(), CALLBACK + "/seed-000");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static PendingCallbacks callbacks(List<Runnable> timeouts) {
		PendingCallbacks callbacks = new PendingCallbacks(CALLBACK);
		callbacks.setClock(CLOCK);
		callbacks.setDelayer((delay, task) -> timeouts.add(task));
		return callbacks;
	}

	/**
	 * Send one answered exchange first, so that the client's threads run and its connection is open: on a
	 * loaded machine a cold client can spend a short timeout before its request reaches the endpoint.
	 */
	private void warmUp(ReactiveTokenEndpointClient client, TokenClientDefinition definition)
			throws InterruptedException {
		this.server.respond(200, "application/json", WARM_UP_RESPONSE);
		StepVerifier.create(client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.assertNext((response) -> assertThat(response.accessToken().getTokenValue()).isEqualTo("at-warm-up"))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
		this.server.takeRequest();
	}

	private static TokenEndpointException endpointFailure(Throwable error, int status, boolean transientFailure) {
		assertThat(error).isInstanceOf(TokenEndpointException.class);
		TokenEndpointException ex = (TokenEndpointException) error;
		assertThat(ex.getStatusCode()).isEqualTo(status);
		assertThat(ex.isTransient()).as("transient").isEqualTo(transientFailure);
		return ex;
	}

	/**
	 * Return a client with the time-outs that the auto-configuration gives it: the connector's read
	 * timeout for the headers, and the same as the client's own timeout for the whole exchange.
	 */
	@Test
	void exchangeWhenRequestCustomizerThenSendsItsMethodUriHeadersAndBody() throws Exception {
		this.server.respond(200, "application/json", EndpointTestClients.SEED_001_SUCCESS);
		TokenClientDefinition definition = EndpointTestClients.seed001(this.server.uri("/v1/tokens.make"));
		this.client.setRequestCustomizer((request) -> {
			request.headers().set("X-Signature", "sig-" + request.body().length);
			return new TokenRequest(request.registrationId(), HttpMethod.PUT,
					URI.create(request.uri() + "?signed=1"), request.headers(),
					"{\"wrapped\":true}".getBytes(StandardCharsets.UTF_8));
		});

		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.assertNext((response) -> assertThat(response.accessToken().getTokenValue()).isEqualTo("at-001-5e6f7a8b"))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);

		RecordedRequest request = this.server.takeRequest();
		assertThat(request.method()).isEqualTo("PUT");
		assertThat(request.path()).isEqualTo("/v1/tokens.make");
		assertThat(request.rawQuery()).isEqualTo("signed=1");
		assertThat(request.header("X-Signature")).containsExactly("sig-67");
		assertThat(request.bodyText()).isEqualTo("{\"wrapped\":true}");
	}

	@Test
	void exchangeWhenResponseReaderThenItsTokensAndNullFallsBackToTheDescription() {
		TokenClientDefinition definition = EndpointTestClients.seed001(this.server.uri("/v1/tokens.make"));
		this.client.setResponseReader((response) -> {
			String body = new String(response.body(), StandardCharsets.UTF_8);
			if (!body.startsWith("TOKEN ")) {
				return null;
			}
			return new TokenResponse(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, body.substring(6),
					response.receivedAt(), response.receivedAt().plusSeconds(60)), null);
		});
		this.server.respond(200, "text/plain", "TOKEN at-plain-1");

		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.assertNext((response) -> assertThat(response.accessToken().getTokenValue()).isEqualTo("at-plain-1"))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
		this.server.respond(200, "application/json", EndpointTestClients.SEED_001_SUCCESS);
		StepVerifier.create(this.client.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.assertNext((response) -> assertThat(response.accessToken().getTokenValue()).isEqualTo("at-001-5e6f7a8b"))
			.expectComplete()
			.verify(VERIFY_TIMEOUT);
	}

	private static ReactiveTokenEndpointClient client(Duration connectTimeout, Duration readTimeout) {
		HttpClient httpClient = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(connectTimeout)
			.build();
		JdkClientHttpConnector connector = new JdkClientHttpConnector(
				BoundedHttpClient.of(httpClient, readTimeout, DataSize.ofKilobytes(16)));
		connector.setReadTimeout(readTimeout);
		ReactiveTokenEndpointClient client = new ReactiveTokenEndpointClient(
				WebClient.builder().clientConnector(connector).build());
		client.setTimeout(readTimeout);
		client.setConnectTimeout(connectTimeout);
		client.setClock(CLOCK);
		return client;
	}

	private static ReactiveTokenEndpointClient client(@Nullable Duration readTimeout) {
		JdkClientHttpConnector connector = new JdkClientHttpConnector(
				HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
		if (readTimeout != null) {
			connector.setReadTimeout(readTimeout);
		}
		ReactiveTokenEndpointClient client = new ReactiveTokenEndpointClient(
				WebClient.builder().clientConnector(connector).build());
		client.setClock(CLOCK);
		return client;
	}

}
