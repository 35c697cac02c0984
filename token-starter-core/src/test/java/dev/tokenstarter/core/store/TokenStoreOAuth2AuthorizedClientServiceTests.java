package dev.tokenstarter.core.store;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenStoreOAuth2AuthorizedClientService}.
 *
 * @author token-starter
 */
class TokenStoreOAuth2AuthorizedClientServiceTests {

	static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

	static final ClientRegistration REGISTRATION = ClientRegistration.withRegistrationId("api")
		.authorizationGrantType(TokenGrant.LOGIN.authorizationGrantType())
		.clientId("api")
		.build();

	static final Authentication PRINCIPAL = new TestingAuthenticationToken("app", null);

	private final InMemoryTokenStore tokenStore = new InMemoryTokenStore(new MutableClock(NOW));

	private final TokenStoreOAuth2AuthorizedClientService service = new TokenStoreOAuth2AuthorizedClientService(
			new InMemoryClientRegistrationRepository(REGISTRATION), this.tokenStore);

	@Test
	void loadAuthorizedClientWhenSavedThenAccessTokenRefreshTokenAndTheirExpiriesSurvive() {
		this.service.saveAuthorizedClient(client(new OAuth2AccessToken.TokenType("MAC")), PRINCIPAL);
		OAuth2AuthorizedClient loaded = this.service.loadAuthorizedClient("api", "app");
		assertRoundTrip(loaded, "MAC");
	}

	@Test
	void loadAuthorizedClientWhenDpopTokenThenTokenTypeSurvives() {
		this.service.saveAuthorizedClient(client(OAuth2AccessToken.TokenType.DPOP), PRINCIPAL);
		assertThat(this.service.loadAuthorizedClient("api", "app").getAccessToken().getTokenType())
			.isEqualTo(OAuth2AccessToken.TokenType.DPOP);
	}

	@Test
	void saveAuthorizedClientWhenSavedThenStoredUnderRegistrationAndPrincipal() {
		this.service.saveAuthorizedClient(client(OAuth2AccessToken.TokenType.BEARER), PRINCIPAL);
		StoredToken stored = this.tokenStore.load("api", "app");
		assertThat(stored.accessToken().getTokenValue()).isEqualTo("access-1");
		assertThat(stored.refreshToken().getExpiresAt()).isEqualTo(NOW.plusSeconds(86_400));
		assertThat(this.service.<OAuth2AuthorizedClient>loadAuthorizedClient("api", "someone-else")).isNull();
	}

	@Test
	void loadAuthorizedClientWhenNothingStoredThenNull() {
		assertThat(this.service.<OAuth2AuthorizedClient>loadAuthorizedClient("api", "app")).isNull();
	}

	@Test
	void loadAuthorizedClientWhenRegistrationUnknownThenNull() {
		OAuth2AccessToken token = client(OAuth2AccessToken.TokenType.BEARER).getAccessToken();
		this.tokenStore.save("gone", "app", new StoredToken(token, null));
		assertThat(this.service.<OAuth2AuthorizedClient>loadAuthorizedClient("gone", "app")).isNull();
	}

	@Test
	void removeAuthorizedClientWhenStoredThenGone() {
		this.service.saveAuthorizedClient(client(OAuth2AccessToken.TokenType.BEARER), PRINCIPAL);
		this.service.removeAuthorizedClient("api", "app");
		assertThat(this.tokenStore.load("api", "app")).isNull();
		assertThat(this.service.<OAuth2AuthorizedClient>loadAuthorizedClient("api", "app")).isNull();
	}

	static OAuth2AuthorizedClient client(OAuth2AccessToken.TokenType type) {
		OAuth2AccessToken access = new OAuth2AccessToken(type, "access-1", NOW, NOW.plusSeconds(3600),
				Set.of("read", "write"));
		OAuth2RefreshToken refresh = new OAuth2RefreshToken("refresh-1", NOW, NOW.plusSeconds(86_400));
		return new OAuth2AuthorizedClient(REGISTRATION, "app", access, refresh);
	}

	static void assertRoundTrip(OAuth2AuthorizedClient loaded, String tokenType) {
		assertThat(loaded.getClientRegistration()).isSameAs(REGISTRATION);
		assertThat(loaded.getPrincipalName()).isEqualTo("app");
		OAuth2AccessToken access = loaded.getAccessToken();
		assertThat(access.getTokenType().getValue()).isEqualTo(tokenType);
		assertThat(access.getTokenValue()).isEqualTo("access-1");
		assertThat(access.getIssuedAt()).isEqualTo(NOW);
		assertThat(access.getExpiresAt()).isEqualTo(NOW.plusSeconds(3600));
		assertThat(access.getScopes()).containsExactlyInAnyOrder("read", "write");
		OAuth2RefreshToken refresh = loaded.getRefreshToken();
		assertThat(refresh.getTokenValue()).isEqualTo("refresh-1");
		assertThat(refresh.getIssuedAt()).isEqualTo(NOW);
		assertThat(refresh.getExpiresAt()).isEqualTo(NOW.plusSeconds(86_400));
	}

}
