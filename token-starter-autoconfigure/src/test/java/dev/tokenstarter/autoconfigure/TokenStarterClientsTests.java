package dev.tokenstarter.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.security.oauth2.core.OAuth2AccessToken;

import dev.tokenstarter.core.definition.BodyFormat;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.definition.TokenCredentials;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.definition.TokenResponseSpec;
import dev.tokenstarter.core.lifecycle.TokenClientState;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.test.BrokenEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TokenStarterClients}: how the clients it wires behave at the token endpoint boundary,
 * against real misbehaving endpoints on loopback.
 *
 * @author token-starter
 */
class TokenStarterClientsTests {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * Time allowed beyond one read timeout before a caller must have failed; three attempts of a read
	 * timeout each take well over it.
	 */
	private static final Duration SLACK = Duration.ofMillis(2500);

	private static final String HALF_A_BODY = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
			+ "Content-Length: 100\r\n\r\n{\"access_token\":\"at-";

	private BrokenEndpoint endpoint;

	private TokenStarterClients clients;

	@BeforeEach
	void startEndpoint() throws Exception {
		this.endpoint = BrokenEndpoint.start();
	}

	@AfterEach
	void stop() throws Exception {
		if (this.clients != null) {
			this.clients.close();
		}
		this.endpoint.close();
	}

	@Test
	void tokenMonoWhenEndpointStallsMidBodyThenFailsAndTheRenewalEnds() {
		this.endpoint.answer(HALF_A_BODY, BrokenEndpoint.Behaviour.STALL);
		TokenLifecycle lifecycle = clients().lifecycle("api");

		long started = System.nanoTime();
		StepVerifier.create(lifecycle.tokenMono())
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(TokenEndpointException.class)
				.hasMessageContaining("'api'"))
			.verify(Duration.ofSeconds(15));

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(READ_TIMEOUT.plus(SLACK));
		await().atMost(Duration.ofSeconds(15))
			.until(() -> lifecycle.state().status() == TokenClientState.Status.FAILING);
		assertThat(this.endpoint.requestCount()).isEqualTo(3);
	}

	@Test
	void tokenWhenEndpointNeverAnswersThenCallerFailsWithinAboutOneReadTimeout() {
		TokenLifecycle lifecycle = clients().lifecycle("api");

		long started = System.nanoTime();
		TokenEndpointException ex = catchThrowableOfType(TokenEndpointException.class, lifecycle::token);

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(READ_TIMEOUT.plus(SLACK));
		assertThat(ex).isNotNull();
		assertThat(ex.getMessage()).contains("'api'");
	}

	@Test
	void tokenMonoWhenEndpointNeverAnswersThenSubscriberFailsWithinAboutOneReadTimeout() {
		TokenLifecycle lifecycle = clients().lifecycle("api");

		long started = System.nanoTime();
		StepVerifier.create(lifecycle.tokenMono().map(OAuth2AccessToken::getTokenValue))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(TokenEndpointException.class)
				.hasMessageContaining("'api'"))
			.verify(Duration.ofSeconds(15));

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(READ_TIMEOUT.plus(SLACK));
	}

	private TokenStarterClients clients() {
		TokenRequestSpec request = TokenRequestSpec.post(this.endpoint.uri("/oauth/token"))
			.withBody(BodyFormat.FORM, Map.of("grant_type", "client_credentials", "client_id", "{client-id}"));
		TokenClientDefinition definition = TokenClientDefinition.withRegistrationId("api")
			.credentials(TokenCredentials.of(Map.of("client-id", "app")))
			.tokenEndpoint(new TokenEndpointSpec(request, TokenResponseSpec.oauth2()))
			.build();
		this.clients = TokenStarterClients.withDefinitions(new TokenClientDefinitions(List.of(definition)))
			.endpointTimeouts("api", Duration.ofSeconds(1), READ_TIMEOUT)
			.reactive(true)
			.build();
		return this.clients;
	}

}
