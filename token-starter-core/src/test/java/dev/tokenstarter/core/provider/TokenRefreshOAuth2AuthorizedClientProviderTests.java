package dev.tokenstarter.core.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.definition.LifecycleSpec.IssuanceBudgetSpec;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.endpoint.TokenEndpointClient;
import dev.tokenstarter.core.lifecycle.InMemoryIssuanceBudget;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.lifecycle.IssuanceBudgetExceededException;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.store.InMemoryTokenStore;
import dev.tokenstarter.core.store.StoredToken;
import dev.tokenstarter.core.test.LoginTokenApi;
import dev.tokenstarter.core.test.LoopbackClients;
import dev.tokenstarter.core.test.LoopbackServer.Reply;
import dev.tokenstarter.core.test.MutableClock;
import dev.tokenstarter.core.test.TokenStarterManagers;

import static dev.tokenstarter.core.provider.TokenGrantOAuth2AuthorizedClientProviderTests.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TokenRefreshOAuth2AuthorizedClientProvider}, alone and chained before
 * {@link TokenGrantOAuth2AuthorizedClientProvider} in Spring's authorized-client manager.
 *
 * @author token-starter
 */
class TokenRefreshOAuth2AuthorizedClientProviderTests {

	private static final Duration ACCESS_EXPIRY = Duration.ofSeconds(100).minus(LoginTokenApi.CLOCK_SKEW);

	private final MutableClock clock = MutableClock.start();

	private final LoginTokenApi api = new LoginTokenApi();

	private final InMemoryTokenStore tokenStore = new InMemoryTokenStore(this.clock);

	@AfterEach
	void closeApi() {
		this.api.close();
	}

	@Test
	void authorizeWhenRegistrationIsNotTokenStarterGrantThenNull() {
		ClientRegistration standard = ClientRegistration.withRegistrationId(LoginTokenApi.REGISTRATION_ID)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.clientId("client")
			.tokenUri("http://127.0.0.1:1/token")
			.build();
		OAuth2AuthorizedClient expired = new OAuth2AuthorizedClient(standard, "app", accessToken("a0", 100),
				refreshToken("r0", 1000));
		this.clock.advance(Duration.ofSeconds(200));
		assertThat(provider(this.api.definition()).authorize(context(expired).build())).isNull();
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void authorizeWhenNoAuthorizedClientThenNull() {
		assertThat(provider(this.api.definition()).authorize(context(LoginTokenApi.registration()))).isNull();
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void authorizeWhenAccessTokenUnexpiredThenNull() {
		OAuth2AuthorizedClient client = client("a0", "r0");
		this.clock.advance(ACCESS_EXPIRY.minusMillis(1));
		assertThat(provider(this.api.definition()).authorize(context(client).build())).isNull();
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void authorizeWhenAccessTokenExpiredThenRefreshesWithRefreshToken() {
		OAuth2AuthorizedClient client = client("a0", "r0");
		this.clock.advance(ACCESS_EXPIRY);
		OAuth2AuthorizedClient refreshed = provider(this.api.definition()).authorize(context(client).build());
		assertThat(refreshed.getAccessToken().getTokenValue()).isEqualTo("a1");
		assertThat(refreshed.getAccessToken().getExpiresAt()).isEqualTo(this.clock.instant().plusSeconds(100));
		assertThat(refreshed.getRefreshToken().getTokenValue()).isEqualTo("r1");
		assertThat(this.api.refreshes()).singleElement()
			.satisfies((request) -> assertThat(request.body()).isEqualTo("{\"refresh\":\"r0\"}"));
		assertThat(this.api.logins()).isEmpty();
	}

	@Test
	void authorizeWhenReplacedTokenIsStoredTokenThenRefreshesBeforeExpiry() {
		OAuth2AuthorizedClient client = client("a0", "r0");
		OAuth2AuthorizedClient refreshed = provider(this.api.definition())
			.authorize(context(client).attribute(TokenStarterAttributes.REPLACED_TOKEN, "a0").build());
		assertThat(refreshed.getAccessToken().getTokenValue()).isEqualTo("a1");
		assertThat(provider(this.api.definition())
			.authorize(context(client).attribute(TokenStarterAttributes.REPLACED_TOKEN, "other").build())).isNull();
		assertThat(this.api.refreshes()).hasSize(1);
	}

	@Test
	void authorizeWhenRefreshResponseHasNoRefreshTokenThenKeepsPreviousOne() {
		this.api.onRefresh((request) -> Reply.json(200, LoginTokenApi.tokens("a9", 100, null, 0)));
		OAuth2AuthorizedClient client = client("a0", "r0");
		this.clock.advance(ACCESS_EXPIRY);
		OAuth2AuthorizedClient refreshed = provider(this.api.definition()).authorize(context(client).build());
		assertThat(refreshed.getAccessToken().getTokenValue()).isEqualTo("a9");
		assertThat(refreshed.getRefreshToken()).isSameAs(client.getRefreshToken());
	}

	@Test
	void authorizeWhenRefreshTokenExpiredThenNull() {
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(LoginTokenApi.registration(), "app",
				accessToken("a0", 100), refreshToken("r0", 300));
		this.clock.advance(Duration.ofSeconds(300).minus(LoginTokenApi.CLOCK_SKEW).minusMillis(1));
		assertThat(provider(this.api.definition()).authorize(context(client).build())).isNotNull();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(provider(this.api.definition()).authorize(context(client).build())).isNull();
		assertThat(this.api.refreshes()).hasSize(1);
	}

	@Test
	void authorizeWhenNoRefreshTokenOrNoRefreshEndpointThenNull() {
		OAuth2AuthorizedClient withoutRefreshToken = new OAuth2AuthorizedClient(LoginTokenApi.registration(), "app",
				accessToken("a0", 100));
		OAuth2AuthorizedClient client = client("a0", "r0");
		this.clock.advance(ACCESS_EXPIRY);
		assertThat(provider(this.api.definition()).authorize(context(withoutRefreshToken).build())).isNull();
		assertThat(provider(this.api.definitionWithoutRefresh()).authorize(context(client).build())).isNull();
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void authorizeWhenRefreshRefusedThenNull() {
		this.api.onRefresh((request) -> Reply.json(400, "{\"error\":\"invalid_grant\"}"));
		OAuth2AuthorizedClient client = client("a0", "r0");
		this.clock.advance(ACCESS_EXPIRY);
		assertThat(provider(this.api.definition()).authorize(context(client).build())).isNull();
		assertThat(this.api.refreshes()).hasSize(1);
	}

	@Test
	void authorizeWhenRefreshAnswersFailureBodyWithHttp200ThenNull() {
		this.api.onRefresh((request) -> Reply.json(200, "{\"code\":40101,\"msg\":\"refresh token revoked\"}"));
		OAuth2AuthorizedClient client = client("a0", "r0");
		this.clock.advance(ACCESS_EXPIRY);
		assertThat(provider(this.api.definition()).authorize(context(client).build())).isNull();
		assertThat(this.api.refreshes()).hasSize(1);
	}

	@Test
	void authorizeWhenRefreshEndpointFailsWith5xxThenThrowsTransientFailure() {
		this.api.onRefresh((request) -> Reply.json(503, "{\"error\":\"temporarily_unavailable\"}"));
		OAuth2AuthorizedClient client = client("a0", "r0");
		this.clock.advance(ACCESS_EXPIRY);
		assertThatExceptionOfType(TokenEndpointException.class)
			.isThrownBy(() -> provider(this.api.definition()).authorize(context(client).build()))
			.satisfies((ex) -> {
				assertThat(ex.isTransient()).isTrue();
				assertThat(ex.getStatusCode()).isEqualTo(503);
				assertThat(ex.getMessage()).doesNotContain("r0");
			});
	}

	@Test
	void managerWhenFirstAuthorizeThenLogsInAndStoresBothTokens() {
		OAuth2AuthorizedClient client = manager(this.api.definition()).authorize(request(null));
		assertThat(client.getAccessToken().getTokenValue()).isEqualTo("a1");
		StoredToken stored = this.tokenStore.load(LoginTokenApi.REGISTRATION_ID, "app");
		assertThat(stored.accessToken().getTokenValue()).isEqualTo("a1");
		assertThat(stored.refreshToken().getTokenValue()).isEqualTo("r1");
		assertThat(this.api.logins()).hasSize(1);
		assertThat(this.api.refreshes()).isEmpty();
	}

	@Test
	void managerWhenAccessTokenUnexpiredThenReturnsStoredClientWithoutRequest() {
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = manager(this.api.definition());
		manager.authorize(request(null));
		this.clock.advance(ACCESS_EXPIRY.minusMillis(1));
		assertThat(manager.authorize(request(null)).getAccessToken().getTokenValue()).isEqualTo("a1");
		assertThat(manager.authorize(request("a0")).getAccessToken().getTokenValue()).isEqualTo("a1");
		assertThat(this.api.requests()).hasSize(1);
	}

	@Test
	void managerWhenAccessTokenExpiredAndRefreshTokenValidThenRefreshesAndStoresRotatedRefreshToken() {
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = manager(this.api.definition());
		manager.authorize(request(null));
		this.clock.advance(ACCESS_EXPIRY);
		assertThat(manager.authorize(request(null)).getAccessToken().getTokenValue()).isEqualTo("a2");
		StoredToken stored = this.tokenStore.load(LoginTokenApi.REGISTRATION_ID, "app");
		assertThat(stored.accessToken().getTokenValue()).isEqualTo("a2");
		assertThat(stored.refreshToken().getTokenValue()).isEqualTo("r2");
		this.clock.advance(ACCESS_EXPIRY);
		assertThat(manager.authorize(request(null)).getAccessToken().getTokenValue()).isEqualTo("a3");
		assertThat(this.api.refreshes()).extracting((request) -> request.body())
			.containsExactly("{\"refresh\":\"r1\"}", "{\"refresh\":\"r2\"}");
		assertThat(this.api.logins()).hasSize(1);
	}

	@Test
	void managerWhenReplacedTokenIsStoredTokenThenRenewsUnexpiredToken() {
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = manager(this.api.definition());
		manager.authorize(request(null));
		assertThat(manager.authorize(request("a1")).getAccessToken().getTokenValue()).isEqualTo("a2");
		assertThat(this.api.refreshes()).hasSize(1);
		assertThat(this.api.logins()).hasSize(1);
	}

	@Test
	void managerWhenRefreshResponseHasNoRefreshTokenThenKeepsStoredOne() {
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = manager(this.api.definition());
		manager.authorize(request(null));
		Instant refreshExpiry = this.tokenStore.load(LoginTokenApi.REGISTRATION_ID, "app")
			.refreshToken()
			.getExpiresAt();
		this.api.onRefresh((request) -> Reply.json(200, LoginTokenApi.tokens("a9", 100, null, 0)));
		this.clock.advance(ACCESS_EXPIRY);
		manager.authorize(request(null));
		StoredToken stored = this.tokenStore.load(LoginTokenApi.REGISTRATION_ID, "app");
		assertThat(stored.accessToken().getTokenValue()).isEqualTo("a9");
		assertThat(stored.refreshToken().getTokenValue()).isEqualTo("r1");
		assertThat(stored.refreshToken().getExpiresAt()).isEqualTo(refreshExpiry);
	}

	@Test
	void managerWhenRefreshTokenExpiredThenLogsIn() {
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = manager(this.api.definition());
		manager.authorize(request(null));
		this.clock.advance(Duration.ofSeconds(1000).minus(LoginTokenApi.CLOCK_SKEW));
		assertThat(manager.authorize(request(null)).getAccessToken().getTokenValue()).isEqualTo("a2");
		assertThat(this.api.refreshes()).isEmpty();
		assertThat(this.api.logins()).hasSize(2);
	}

	@Test
	void managerWhenRefreshRefusedThenLogsIn() {
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = manager(this.api.definition());
		manager.authorize(request(null));
		this.api.onRefresh((request) -> Reply.json(401, "{\"error\":\"invalid_grant\"}"));
		this.clock.advance(ACCESS_EXPIRY);
		assertThat(manager.authorize(request(null)).getAccessToken().getTokenValue()).isEqualTo("a2");
		assertThat(this.tokenStore.load(LoginTokenApi.REGISTRATION_ID, "app").refreshToken().getTokenValue())
			.isEqualTo("r2");
		assertThat(this.api.refreshes()).hasSize(1);
		assertThat(this.api.logins()).hasSize(2);
	}

	@Test
	void managerWhenRefreshAnswersFailureBodyWithHttp200ThenLogsIn() {
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = manager(this.api.definition());
		manager.authorize(request(null));
		this.api.onRefresh((request) -> Reply.json(200, "{\"code\":40101,\"msg\":\"refresh token revoked\"}"));
		this.clock.advance(ACCESS_EXPIRY);
		assertThat(manager.authorize(request(null)).getAccessToken().getTokenValue()).isEqualTo("a2");
		assertThat(this.api.refreshes()).hasSize(1);
		assertThat(this.api.logins()).hasSize(2);
	}

	@Test
	void managerWhenRefreshFailsWith5xxThenThrowsWithoutLoginAndRefreshesOnceEndpointRecovers() {
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = manager(this.api.definition());
		manager.authorize(request(null));
		this.api.onRefresh((request) -> Reply.json(502, "{\"error\":\"bad_gateway\"}"));
		this.clock.advance(ACCESS_EXPIRY);
		assertThatExceptionOfType(TokenEndpointException.class).isThrownBy(() -> manager.authorize(request(null)))
			.satisfies((ex) -> assertThat(ex.isTransient()).isTrue());
		assertThat(this.api.logins()).hasSize(1);
		assertThat(this.tokenStore.load(LoginTokenApi.REGISTRATION_ID, "app")).isNotNull();
		this.api.onRefresh((request) -> Reply.json(200, LoginTokenApi.tokens("a7", 100, "r7", 1000)));
		assertThat(manager.authorize(request(null)).getAccessToken().getTokenValue()).isEqualTo("a7");
		assertThat(this.api.logins()).hasSize(1);
		assertThat(this.api.refreshes()).hasSize(2);
	}

	@Test
	void managerWhenRefreshAndLoginBothRefusedThenLoginErrorWithoutSecrets() {
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = manager(this.api.definition());
		manager.authorize(request(null));
		this.api.onRefresh((request) -> Reply.json(401, "{\"error\":\"invalid_grant\"}"));
		this.api.onLogin((request) -> Reply.json(403,
				"{\"error\":{\"code\":\"ACCOUNT_LOCKED\",\"message\":\"account locked until tomorrow\"}}"));
		this.clock.advance(ACCESS_EXPIRY);
		assertThatExceptionOfType(TokenEndpointException.class).isThrownBy(() -> manager.authorize(request(null)))
			.satisfies((ex) -> {
				assertThat(ex.isTransient()).isFalse();
				assertThat(ex.getStatusCode()).isEqualTo(403);
				assertThat(ex.getError().getErrorCode()).isEqualTo("ACCOUNT_LOCKED");
				assertThat(ex.getMessage()).contains("'" + LoginTokenApi.REGISTRATION_ID + "'")
					.contains("ACCOUNT_LOCKED")
					.contains("account locked until tomorrow")
					.doesNotContain(LoginTokenApi.PASSWORD)
					.doesNotContain("r1")
					.doesNotContain("a1");
			});
		assertThat(this.api.refreshes()).hasSize(1);
		assertThat(this.api.logins()).hasSize(2);
	}

	@Test
	void managerWhenIssuanceBudgetSpentThenRefreshStillWorksButLoginIsRefusedWithoutRequest() {
		TokenClientDefinition definition = this.api.definition();
		LifecycleSpec limited = new LifecycleSpec(0.8, null, LoginTokenApi.CLOCK_SKEW,
				new IssuanceBudgetSpec(1, Duration.ofDays(1)), LifecycleSpec.RetrySpec.defaults());
		TokenClientDefinition budgeted = TokenClientDefinition.withRegistrationId(definition.getRegistrationId())
			.grant(definition.getGrant())
			.credentials(definition.getCredentials())
			.tokenEndpoint(definition.getTokenEndpoint())
			.refreshEndpoint(definition.getRefreshEndpoint())
			.lifecycle(limited)
			.build();
		InMemoryIssuanceBudget budget = new InMemoryIssuanceBudget(new TokenClientDefinitions(List.of(budgeted)),
				this.clock);
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = manager(budgeted, budget);
		manager.authorize(request(null));
		assertThat(budget.remaining(LoginTokenApi.REGISTRATION_ID)).isZero();
		this.clock.advance(ACCESS_EXPIRY);
		assertThat(manager.authorize(request(null)).getAccessToken().getTokenValue()).isEqualTo("a2");
		this.api.onRefresh((request) -> Reply.json(401, "{\"error\":\"invalid_grant\"}"));
		this.clock.advance(ACCESS_EXPIRY);
		assertThatExceptionOfType(IssuanceBudgetExceededException.class)
			.isThrownBy(() -> manager.authorize(request(null)));
		assertThat(this.api.logins()).hasSize(1);
		assertThat(this.api.refreshes()).hasSize(2);
	}

	private TokenRefreshOAuth2AuthorizedClientProvider provider(TokenClientDefinition definition) {
		TokenRefreshOAuth2AuthorizedClientProvider provider = new TokenRefreshOAuth2AuthorizedClientProvider(
				new TokenClientDefinitions(List.of(definition)), endpointClient());
		provider.setClock(this.clock);
		return provider;
	}

	private AuthorizedClientServiceOAuth2AuthorizedClientManager manager(TokenClientDefinition definition) {
		return manager(definition, IssuanceBudget.UNLIMITED);
	}

	private AuthorizedClientServiceOAuth2AuthorizedClientManager manager(TokenClientDefinition definition,
			IssuanceBudget budget) {
		return TokenStarterManagers.blocking(definition, LoginTokenApi.registration(), this.tokenStore, this.clock,
				budget);
	}

	private TokenEndpointClient endpointClient() {
		TokenEndpointClient endpointClient = new TokenEndpointClient(LoopbackClients.restClient().build());
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

	private OAuth2AuthorizedClient client(String access, String refresh) {
		return new OAuth2AuthorizedClient(LoginTokenApi.registration(), "app", accessToken(access, 100),
				refreshToken(refresh, 1000));
	}

	private OAuth2AccessToken accessToken(String value, long lifetimeSeconds) {
		Instant now = this.clock.instant();
		return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, now, now.plusSeconds(lifetimeSeconds));
	}

	private OAuth2RefreshToken refreshToken(String value, long lifetimeSeconds) {
		Instant now = this.clock.instant();
		return new OAuth2RefreshToken(value, now, now.plusSeconds(lifetimeSeconds));
	}

}
