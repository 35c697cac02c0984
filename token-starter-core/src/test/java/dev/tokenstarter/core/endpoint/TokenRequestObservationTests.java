package dev.tokenstarter.core.endpoint;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.request.TokenRequestFactory;
import dev.tokenstarter.core.response.TokenEndpointException;

import static dev.tokenstarter.core.endpoint.EndpointTestClients.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link TokenRequestObservation}, through {@link TokenEndpointClient} and
 * {@link ReactiveTokenEndpointClient} against a real loopback token endpoint.
 *
 * @author token-starter
 */
class TokenRequestObservationTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private LoopbackTokenServer server;

	@BeforeEach
	void startServer() throws Exception {
		this.server = LoopbackTokenServer.start();
	}

	@AfterEach
	void stopServer() throws Exception {
		this.server.close();
	}

	@Test
	void exchangeWhenTokenIssuedThenObservesSuccessOfTokenEndpoint() {
		this.server.respond(200, "application/json", EndpointTestClients.SEED_001_SUCCESS);
		TokenClientDefinition definition = EndpointTestClients.seed001(this.server.uri("/v1/tokens.make"));

		blockingClient().exchange(definition, definition.getTokenEndpoint(), Map.of());

		assertThat(this.registry).hasSingleObservationThat()
			.hasNameEqualTo("token-starter.token.request")
			.hasContextualNameEqualTo("token-starter token request")
			.hasLowCardinalityKeyValue("client", "seed-001")
			.hasLowCardinalityKeyValue("endpoint", "token")
			.hasLowCardinalityKeyValue("outcome", "success")
			.doesNotHaveError()
			.hasBeenStarted()
			.hasBeenStopped();
	}

	@Test
	void exchangeWhenRefreshEndpointThenEndpointKeyIsRefresh() {
		this.server.respond(200, "application/json", EndpointTestClients.SEED_004_SUCCESS);
		TokenClientDefinition definition = EndpointTestClients.seed004(this.server.uri("/login"),
				this.server.uri("/refresh"));

		blockingClient().exchange(definition, definition.getRefreshEndpoint(),
				Map.of(TokenRequestFactory.REFRESH_TOKEN, EndpointTestClients.OLD_REFRESH_TOKEN));

		assertThat(this.registry).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("client", "seed-004")
			.hasLowCardinalityKeyValue("endpoint", "refresh")
			.hasLowCardinalityKeyValue("outcome", "success");
	}

	@Test
	void exchangeWhenEndpointRefusesThenOutcomeIsRefusedAndErrorIsRecorded() {
		this.server.respond(401, "application/json", EndpointTestClients.SEED_003_ERROR);
		TokenClientDefinition definition = EndpointTestClients.seed003(this.server.uri("/v1/api/oauth/token"));

		TokenEndpointException failure = catchThrowableOfType(TokenEndpointException.class,
				() -> blockingClient().exchange(definition, definition.getTokenEndpoint(), Map.of()));

		assertThat(this.registry).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "refused")
			.hasError(failure)
			.hasBeenStopped();
	}

	@Test
	void exchangeWhenEndpointFailsWithHtml503ThenOutcomeIsServerError() {
		this.server.respond(503, "text/html", EndpointTestClients.HTML);
		TokenClientDefinition definition = EndpointTestClients.seed001(this.server.uri("/v1/tokens.make"));

		assertThatExceptionOfType(TokenEndpointException.class)
			.isThrownBy(() -> blockingClient().exchange(definition, definition.getTokenEndpoint(), Map.of()));

		assertThat(this.registry).hasSingleObservationThat().hasLowCardinalityKeyValue("outcome", "server_error");
	}

	@Test
	void exchangeWhenEndpointUnreachableThenOutcomeIsUnreachable() throws Exception {
		TokenClientDefinition definition = EndpointTestClients
			.seed001("http://127.0.0.1:" + LoopbackTokenServer.closedPort() + "/v1/tokens.make");

		assertThatExceptionOfType(TokenEndpointException.class)
			.isThrownBy(() -> blockingClient().exchange(definition, definition.getTokenEndpoint(), Map.of()));

		assertThat(this.registry).hasSingleObservationThat().hasLowCardinalityKeyValue("outcome", "unreachable");
	}

	@Test
	void exchangeWhenSecretsTravelInQueryAndBodyThenObservationCarriesOnlyClientEndpointAndOutcome() {
		this.server.respond(200, "application/json",
				"{\"access_token\":\"at-form-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
		TokenClientDefinition definition = EndpointTestClients.formWithSecretInQuery(this.server.uri("/token"));

		blockingClient().exchange(definition, definition.getTokenEndpoint(), Map.of());

		assertThat(this.registry).hasSingleObservationThat()
			.hasOnlyKeys("client", "endpoint", "outcome")
			.satisfies((context) -> {
				for (KeyValue keyValue : context.getAllKeyValues()) {
					assertThat(keyValue.getValue()).doesNotContain(EndpointTestClients.CLIENT_SECRET,
							EndpointTestClients.PASSWORD, "at-form-1", "client_secret", "127.0.0.1");
				}
			});
	}

	@Test
	void exchangeWhenAnObservationIsOpenThenTokenRequestIsItsChild() {
		this.server.respond(200, "application/json", EndpointTestClients.SEED_001_SUCCESS);
		TokenClientDefinition definition = EndpointTestClients.seed001(this.server.uri("/v1/tokens.make"));
		Observation parent = Observation.start("api.call", this.registry);

		try (Observation.Scope scope = parent.openScope()) {
			blockingClient().exchange(definition, definition.getTokenEndpoint(), Map.of());
		}
		parent.stop();

		assertThat(this.registry).hasObservationWithNameEqualTo("token-starter.token.request")
			.that()
			.hasParentObservationEqualTo(parent);
	}

	@Test
	void reactiveExchangeWhenTokenIssuedThenObservesSuccessOfTokenEndpoint() {
		this.server.respond(200, "application/json", EndpointTestClients.SEED_001_SUCCESS);
		TokenClientDefinition definition = EndpointTestClients.seed001(this.server.uri("/v1/tokens.make"));

		StepVerifier.create(reactiveClient().exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.expectNextCount(1)
			.expectComplete()
			.verify(Duration.ofSeconds(10));

		assertThat(this.registry).hasSingleObservationThat()
			.hasNameEqualTo("token-starter.token.request")
			.hasLowCardinalityKeyValue("client", "seed-001")
			.hasLowCardinalityKeyValue("endpoint", "token")
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasBeenStopped();
	}

	@Test
	void reactiveExchangeWhenEndpointFailsWithHtml503ThenOutcomeIsServerErrorAndErrorIsRecorded() {
		this.server.respond(503, "text/html", EndpointTestClients.HTML);
		TokenClientDefinition definition = EndpointTestClients.seed001(this.server.uri("/v1/tokens.make"));

		StepVerifier.create(reactiveClient().exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.expectError(TokenEndpointException.class)
			.verify(Duration.ofSeconds(10));

		assertThat(this.registry).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "server_error")
			.hasError()
			.hasBeenStopped();
	}

	@Test
	void reactiveExchangeWhenCancelledAfterItsValueThenStoppedOnceAsSuccess() throws Exception {
		this.server.respond(200, "application/json", EndpointTestClients.SEED_001_SUCCESS);
		TokenClientDefinition definition = EndpointTestClients.seed001(this.server.uri("/v1/tokens.make"));

		reactiveClient().exchange(definition, definition.getTokenEndpoint(), Map.of())
			.toFuture()
			.get(10, TimeUnit.SECONDS);

		assertThat(this.registry).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasBeenStopped();
	}

	@Test
	void reactiveExchangeWhenCancelledBeforeTheAnswerThenOutcomeIsCancelled() throws Exception {
		this.server.hold();
		TokenClientDefinition definition = EndpointTestClients.seed001(this.server.uri("/v1/tokens.make"));

		Disposable exchange = reactiveClient().exchange(definition, definition.getTokenEndpoint(), Map.of())
			.subscribe();
		this.server.takeRequest();
		exchange.dispose();
		this.server.release();

		assertThat(this.registry).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "cancelled")
			.doesNotHaveError()
			.hasBeenStopped();
	}

	@Test
	void reactiveExchangeWhenParentObservationInReactorContextThenTokenRequestIsItsChild() {
		this.server.respond(200, "application/json", EndpointTestClients.SEED_001_SUCCESS);
		TokenClientDefinition definition = EndpointTestClients.seed001(this.server.uri("/v1/tokens.make"));
		Observation parent = Observation.start("api.call", this.registry);

		StepVerifier
			.create(reactiveClient().exchange(definition, definition.getTokenEndpoint(), Map.of())
				.contextWrite((context) -> context.put("micrometer.observation", parent)))
			.expectNextCount(1)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		parent.stop();

		assertThat(this.registry).hasObservationWithNameEqualTo("token-starter.token.request")
			.that()
			.hasParentObservationEqualTo(parent);
	}

	private TokenEndpointClient blockingClient() {
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
		requestFactory.setReadTimeout(Duration.ofSeconds(10));
		TokenEndpointClient client = new TokenEndpointClient(
				RestClient.builder().requestFactory(requestFactory).build());
		client.setClock(CLOCK);
		client.setObservationRegistry(this.registry);
		return client;
	}

	private ReactiveTokenEndpointClient reactiveClient() {
		JdkClientHttpConnector connector = new JdkClientHttpConnector(
				HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
		connector.setReadTimeout(Duration.ofSeconds(10));
		ReactiveTokenEndpointClient client = new ReactiveTokenEndpointClient(
				WebClient.builder().clientConnector(connector).build());
		client.setClock(CLOCK);
		client.setObservationRegistry(this.registry);
		return client;
	}

}
