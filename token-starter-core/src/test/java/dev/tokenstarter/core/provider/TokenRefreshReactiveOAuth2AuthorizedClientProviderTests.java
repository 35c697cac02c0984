package dev.tokenstarter.core.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.endpoint.ReactiveTokenEndpointClient;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.store.InMemoryTokenStore;
import dev.tokenstarter.core.test.LoginTokenApi;
import dev.tokenstarter.core.test.LoopbackClients;
import dev.tokenstarter.core.test.LoopbackServer.Reply;
import dev.tokenstarter.core.test.MutableClock;
import dev.tokenstarter.core.test.TokenStarterManagers;

import static dev.tokenstarter.core.provider.TokenGrantOAuth2AuthorizedClientProviderTests.context;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenRefreshReactiveOAuth2AuthorizedClientProvider}, alone and chained before
 * {@link TokenGrantReactiveOAuth2AuthorizedClientProvider} in Spring's reactive authorized-client
 * manager.
 *
 * @author token-starter
 */
class TokenRefreshReactiveOAuth2AuthorizedClientProviderTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Duration ACCESS_EXPIRY = Duration.ofSeconds(100).minus(LoginTokenApi.CLOCK_SKEW);

	private final MutableClock clock = MutableClock.start();

	private final LoginTokenApi api = new LoginTokenApi();

	private final InMemoryTokenStore tokenStore = new InMemoryTokenStore(this.clock);

	@AfterEach
	void closeApi() {
		this.api.close();
	}

	@Test
	void authorizeWhenNoAuthorizedClientThenEmpty() {
		StepVerifier.create(provider(this.api.definition()).authorize(context(LoginTokenApi.registration())))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void authorizeWhenAccessTokenUnexpiredThenEmpty() {
		OAuth2AuthorizedClient client = client(1000);
		this.clock.advance(ACCESS_EXPIRY.minusMillis(1));
		StepVerifier.create(provider(this.api.definition()).authorize(context(client).build()))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void authorizeWhenAccessTokenExpiredThenRefreshes() {
		OAuth2AuthorizedClient client = client(1000);
		this.clock.advance(ACCESS_EXPIRY);
		StepVerifier.create(provider(this.api.definition()).authorize(context(client).build()))
			.assertNext((refreshed) -> {
				assertThat(refreshed.getAccessToken().getTokenValue()).isEqualTo("a1");
				assertThat(refreshed.getRefreshToken().getTokenValue()).isEqualTo("r1");
			})
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.api.refreshes()).singleElement()
			.satisfies((request) -> assertThat(request.body()).isEqualTo("{\"refresh\":\"r0\"}"));
	}

	@Test
	void authorizeWhenRefreshResponseHasNoRefreshTokenThenKeepsPreviousOne() {
		this.api.onRefresh((request) -> Reply.json(200, LoginTokenApi.tokens("a9", 100, null, 0)));
		OAuth2AuthorizedClient client = client(1000);
		this.clock.advance(ACCESS_EXPIRY);
		StepVerifier.create(provider(this.api.definition()).authorize(context(client).build()))
			.assertNext((refreshed) -> assertThat(refreshed.getRefreshToken()).isSameAs(client.getRefreshToken()))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void authorizeWhenRefreshTokenExpiredThenEmpty() {
		OAuth2AuthorizedClient client = client(200);
		this.clock.advance(Duration.ofSeconds(200).minus(LoginTokenApi.CLOCK_SKEW));
		StepVerifier.create(provider(this.api.definition()).authorize(context(client).build()))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void authorizeWhenRefreshRefusedThenEmpty() {
		this.api.onRefresh((request) -> Reply.json(401, "{\"error\":\"invalid_grant\"}"));
		OAuth2AuthorizedClient client = client(1000);
		this.clock.advance(ACCESS_EXPIRY);
		StepVerifier.create(provider(this.api.definition()).authorize(context(client).build()))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.api.refreshes()).hasSize(1);
	}

	@Test
	void authorizeWhenRefreshEndpointFailsWith5xxThenTransientError() {
		this.api.onRefresh((request) -> Reply.json(500, "{\"error\":\"server_error\"}"));
		OAuth2AuthorizedClient client = client(1000);
		this.clock.advance(ACCESS_EXPIRY);
		StepVerifier.create(provider(this.api.definition()).authorize(context(client).build()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(TokenEndpointException.class,
					(failure) -> assertThat(failure.isTransient()).isTrue()))
			.verify(TIMEOUT);
	}

	@Test
	void managerWhenAccessTokenExpiredThenRefreshesAndStoresRotatedRefreshToken() {
		AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager = manager(this.api.definition());
		expectToken(manager.authorize(request(null)), "a1");
		this.clock.advance(ACCESS_EXPIRY);
		expectToken(manager.authorize(request(null)), "a2");
		assertThat(this.tokenStore.load(LoginTokenApi.REGISTRATION_ID, "app").refreshToken().getTokenValue())
			.isEqualTo("r2");
		assertThat(this.api.logins()).hasSize(1);
		assertThat(this.api.refreshes()).hasSize(1);
	}

	@Test
	void managerWhenReplacedTokenIsStoredTokenThenRenewsUnexpiredToken() {
		AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager = manager(this.api.definition());
		expectToken(manager.authorize(request(null)), "a1");
		expectToken(manager.authorize(request("a0")), "a1");
		expectToken(manager.authorize(request("a1")), "a2");
		assertThat(this.api.refreshes()).hasSize(1);
	}

	@Test
	void managerWhenRefreshRefusedThenLogsIn() {
		AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager = manager(this.api.definition());
		expectToken(manager.authorize(request(null)), "a1");
		this.api.onRefresh((request) -> Reply.json(200, "{\"code\":40101,\"msg\":\"refresh token revoked\"}"));
		this.clock.advance(ACCESS_EXPIRY);
		expectToken(manager.authorize(request(null)), "a2");
		assertThat(this.api.refreshes()).hasSize(1);
		assertThat(this.api.logins()).hasSize(2);
	}

	@Test
	void managerWhenRefreshTokenExpiredThenLogsIn() {
		AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager = manager(this.api.definition());
		expectToken(manager.authorize(request(null)), "a1");
		this.clock.advance(Duration.ofSeconds(1000));
		expectToken(manager.authorize(request(null)), "a2");
		assertThat(this.api.refreshes()).isEmpty();
		assertThat(this.api.logins()).hasSize(2);
	}

	@Test
	void managerWhenRefreshFailsWith5xxThenErrorWithoutLogin() {
		AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager = manager(this.api.definition());
		expectToken(manager.authorize(request(null)), "a1");
		this.api.onRefresh((request) -> Reply.json(503, "{\"error\":\"temporarily_unavailable\"}"));
		this.clock.advance(ACCESS_EXPIRY);
		StepVerifier.create(manager.authorize(request(null)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(TokenEndpointException.class,
					(failure) -> assertThat(failure.isTransient()).isTrue()))
			.verify(TIMEOUT);
		assertThat(this.api.logins()).hasSize(1);
	}

	@Test
	void managerWhenRefreshAndLoginBothRefusedThenLoginError() {
		AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager = manager(this.api.definition());
		expectToken(manager.authorize(request(null)), "a1");
		this.api.onRefresh((request) -> Reply.json(401, "{\"error\":\"invalid_grant\"}"));
		this.api.onLogin((request) -> Reply.json(401, "{\"error\":\"invalid_client\",\"message\":\"wrong password\"}"));
		this.clock.advance(ACCESS_EXPIRY);
		StepVerifier.create(manager.authorize(request(null)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(TokenEndpointException.class,
					(failure) -> assertThat(failure.getMessage()).contains(LoginTokenApi.REGISTRATION_ID)
						.contains("invalid_client")
						.contains("wrong password")
						.doesNotContain(LoginTokenApi.PASSWORD)))
			.verify(TIMEOUT);
		assertThat(this.api.logins()).hasSize(2);
	}

	private void expectToken(Mono<OAuth2AuthorizedClient> authorized, String value) {
		StepVerifier.create(authorized.map((client) -> client.getAccessToken().getTokenValue()))
			.expectNext(value)
			.expectComplete()
			.verify(TIMEOUT);
	}

	private TokenRefreshReactiveOAuth2AuthorizedClientProvider provider(TokenClientDefinition definition) {
		TokenRefreshReactiveOAuth2AuthorizedClientProvider provider;
		provider = new TokenRefreshReactiveOAuth2AuthorizedClientProvider(
				new TokenClientDefinitions(List.of(definition)), endpointClient());
		provider.setClock(this.clock);
		return provider;
	}

	private AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager(TokenClientDefinition definition) {
		return TokenStarterManagers.reactive(definition, LoginTokenApi.registration(), this.tokenStore, this.clock);
	}

	private ReactiveTokenEndpointClient endpointClient() {
		ReactiveTokenEndpointClient endpointClient = new ReactiveTokenEndpointClient(
				LoopbackClients.webClient().build());
		endpointClient.setClock(this.clock);
		return endpointClient;
	}

	private static OAuth2AuthorizeRequest request(String replacedToken) {
		OAuth2AuthorizeRequest.Builder builder = OAuth2AuthorizeRequest
			.withClientRegistrationId(LoginTokenApi.REGISTRATION_ID)
			.principal("app");
		if (replacedToken != null) {
			builder.attribute(TokenStarterAttributes.REPLACED_TOKEN, replacedToken);
		}
		return builder.build();
	}

	private OAuth2AuthorizedClient client(long refreshLifetimeSeconds) {
		Instant now = this.clock.instant();
		return new OAuth2AuthorizedClient(LoginTokenApi.registration(), "app",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "a0", now, now.plusSeconds(100)),
				new OAuth2RefreshToken("r0", now, now.plusSeconds(refreshLifetimeSeconds)));
	}

}
