package dev.tokenstarter.core.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.endpoint.TokenEndpointClient;
import dev.tokenstarter.core.lifecycle.IssuanceBudgetExceededException;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.test.LoginTokenApi;
import dev.tokenstarter.core.test.LoopbackClients;
import dev.tokenstarter.core.test.LoopbackServer.Reply;
import dev.tokenstarter.core.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TokenGrantOAuth2AuthorizedClientProvider}.
 *
 * @author token-starter
 */
class TokenGrantOAuth2AuthorizedClientProviderTests {

	private static final Authentication PRINCIPAL = new TestingAuthenticationToken("app", null);

	private final MutableClock clock = MutableClock.start();

	private final LoginTokenApi api = new LoginTokenApi();

	private final TokenGrantOAuth2AuthorizedClientProvider provider = provider(this.api, this.clock);

	@AfterEach
	void closeApi() {
		this.api.close();
	}

	static TokenGrantOAuth2AuthorizedClientProvider provider(LoginTokenApi api, MutableClock clock) {
		TokenEndpointClient endpointClient = new TokenEndpointClient(LoopbackClients.restClient().build());
		endpointClient.setClock(clock);
		TokenGrantOAuth2AuthorizedClientProvider provider = new TokenGrantOAuth2AuthorizedClientProvider(
				new TokenClientDefinitions(List.of(api.definition())), endpointClient);
		provider.setClock(clock);
		return provider;
	}

	@Test
	void authorizeWhenRegistrationIsNotTokenStarterGrantThenNull() {
		ClientRegistration standard = ClientRegistration.withRegistrationId(LoginTokenApi.REGISTRATION_ID)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.clientId("client")
			.tokenUri("http://127.0.0.1:1/token")
			.build();
		assertThat(this.provider.authorize(context(standard))).isNull();
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void authorizeWhenRegistrationHasNoDefinitionThenNull() {
		ClientRegistration other = ClientRegistration.withRegistrationId("other")
			.authorizationGrantType(TokenGrant.LOGIN.authorizationGrantType())
			.clientId("other")
			.build();
		assertThat(this.provider.authorize(context(other))).isNull();
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void authorizeWhenNoAuthorizedClientThenRequestsToken() {
		OAuth2AuthorizedClient client = this.provider.authorize(context(LoginTokenApi.registration()));
		assertThat(client).isNotNull();
		assertThat(client.getPrincipalName()).isEqualTo("app");
		assertThat(client.getClientRegistration().getRegistrationId()).isEqualTo(LoginTokenApi.REGISTRATION_ID);
		assertThat(client.getAccessToken().getTokenValue()).isEqualTo("a1");
		assertThat(client.getAccessToken().getIssuedAt()).isEqualTo(this.clock.instant());
		assertThat(client.getAccessToken().getExpiresAt()).isEqualTo(this.clock.instant().plusSeconds(100));
		assertThat(client.getRefreshToken().getTokenValue()).isEqualTo("r1");
		assertThat(client.getRefreshToken().getExpiresAt()).isEqualTo(this.clock.instant().plusSeconds(1000));
		assertThat(this.api.logins()).singleElement().satisfies((request) -> {
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.header("Content-Type")).startsWith("application/json");
			assertThat(request.body()).contains("\"user\":\"alice\"")
				.contains("\"pass\":\"" + LoginTokenApi.PASSWORD + "\"");
		});
	}

	@Test
	void authorizeWhenTokenUnexpiredThenNull() {
		OAuth2AuthorizedClient client = client("a0", Duration.ofSeconds(100));
		this.clock.advance(Duration.ofSeconds(90).minusMillis(1));
		assertThat(this.provider.authorize(context(client).build())).isNull();
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void authorizeWhenTokenHasNoExpiryThenNull() {
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "a0", null, null);
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(LoginTokenApi.registration(), "app", token);
		this.clock.advance(Duration.ofDays(365));
		assertThat(this.provider.authorize(context(client).build())).isNull();
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void authorizeWhenTokenWithinClockSkewOfExpiryThenRequestsNewToken() {
		OAuth2AuthorizedClient client = client("a0", Duration.ofSeconds(100));
		this.clock.advance(Duration.ofSeconds(100).minus(LoginTokenApi.CLOCK_SKEW));
		OAuth2AuthorizedClient renewed = this.provider.authorize(context(client).build());
		assertThat(renewed.getAccessToken().getTokenValue()).isEqualTo("a1");
		assertThat(this.api.logins()).hasSize(1);
		assertThat(this.api.refreshes()).isEmpty();
	}

	@Test
	void authorizeWhenTokenShorterThanTenTimesTheClockSkewThenSkewIsATenthOfItsLifetime() {
		OAuth2AuthorizedClient client = client("a0", Duration.ofSeconds(20));
		this.clock.advance(Duration.ofSeconds(18).minusMillis(1));
		assertThat(this.provider.authorize(context(client).build())).isNull();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.provider.authorize(context(client).build()).getAccessToken().getTokenValue())
			.isEqualTo("a1");
		assertThat(this.api.logins()).hasSize(1);
	}

	@Test
	void authorizeWhenReplacedTokenIsStoredTokenThenRequestsNewToken() {
		OAuth2AuthorizedClient client = client("a0", Duration.ofSeconds(100));
		OAuth2AuthorizedClient renewed = this.provider
			.authorize(context(client).attribute(TokenStarterAttributes.REPLACED_TOKEN, "a0").build());
		assertThat(renewed.getAccessToken().getTokenValue()).isEqualTo("a1");
		assertThat(this.api.logins()).hasSize(1);
	}

	@Test
	void authorizeWhenReplacedTokenIsAnotherTokenThenNull() {
		OAuth2AuthorizedClient client = client("a0", Duration.ofSeconds(100));
		assertThat(this.provider
			.authorize(context(client).attribute(TokenStarterAttributes.REPLACED_TOKEN, "older").build())).isNull();
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void authorizeWhenIssuanceBudgetSpentThenThrowsWithoutRequest() {
		List<String> acquired = new ArrayList<>();
		this.provider.setIssuanceBudget((registrationId) -> {
			acquired.add(registrationId);
			throw new IssuanceBudgetExceededException(registrationId, 1, this.clock.instant().plusSeconds(60));
		});
		assertThatExceptionOfType(IssuanceBudgetExceededException.class)
			.isThrownBy(() -> this.provider.authorize(context(LoginTokenApi.registration())));
		assertThat(acquired).containsExactly(LoginTokenApi.REGISTRATION_ID);
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void authorizeWhenIssuanceBudgetLeftThenAcquiredBeforeRequest() {
		List<Integer> requestsSeenByBudget = new ArrayList<>();
		this.provider.setIssuanceBudget((registrationId) -> requestsSeenByBudget.add(this.api.requests().size()));
		OAuth2AuthorizedClient first = this.provider.authorize(context(LoginTokenApi.registration()));
		this.clock.advance(Duration.ofSeconds(100));
		this.provider.authorize(context(first).build());
		assertThat(requestsSeenByBudget).containsExactly(0, 1);
		assertThat(this.api.logins()).hasSize(2);
	}

	@Test
	void authorizeWhenEndpointRefusesThenThrowsWithoutSecrets() {
		this.api.onLogin((request) -> Reply.json(401,
				"{\"error\":\"invalid_grant\",\"error_description\":\"bad password\"}"));
		assertThatExceptionOfType(TokenEndpointException.class)
			.isThrownBy(() -> this.provider.authorize(context(LoginTokenApi.registration())))
			.satisfies((ex) -> {
				assertThat(ex.isTransient()).isFalse();
				assertThat(ex.getStatusCode()).isEqualTo(401);
				assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant");
				assertThat(ex.getMessage()).contains(LoginTokenApi.REGISTRATION_ID)
					.contains("bad password")
					.doesNotContain(LoginTokenApi.PASSWORD);
			});
	}

	private OAuth2AuthorizedClient client(String value, Duration lifetime) {
		Instant now = this.clock.instant();
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, now,
				now.plus(lifetime));
		return new OAuth2AuthorizedClient(LoginTokenApi.registration(), "app", token,
				new OAuth2RefreshToken("r0", now, now.plusSeconds(1000)));
	}

	static OAuth2AuthorizationContext context(ClientRegistration registration) {
		return OAuth2AuthorizationContext.withClientRegistration(registration).principal(PRINCIPAL).build();
	}

	static OAuth2AuthorizationContext.Builder context(OAuth2AuthorizedClient client) {
		return OAuth2AuthorizationContext.withAuthorizedClient(client).principal(PRINCIPAL);
	}

}
