package dev.tokenstarter.core.provider;

import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.definition.TokenCredentials;
import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.endpoint.TokenEndpointClient;
import dev.tokenstarter.core.jwt.JwtAssertionSpec;
import dev.tokenstarter.core.jwt.JwtSigningKey;
import dev.tokenstarter.core.test.LoopbackClients;
import dev.tokenstarter.core.test.MutableClock;
import dev.tokenstarter.core.test.TestKeys;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SelfSignedJwtOAuth2AuthorizedClientProvider}, with an App Store Connect-style client:
 * ES256, a {@code kid}, an audience and a 20-minute lifetime.
 *
 * @author token-starter
 */
class SelfSignedJwtOAuth2AuthorizedClientProviderTests {

	static final String REGISTRATION_ID = "app-store";

	private static final Authentication PRINCIPAL = new TestingAuthenticationToken("app", null);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T08:00:00Z"));

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private final SelfSignedJwtOAuth2AuthorizedClientProvider provider = provider();

	private SelfSignedJwtOAuth2AuthorizedClientProvider provider() {
		SelfSignedJwtOAuth2AuthorizedClientProvider provider = new SelfSignedJwtOAuth2AuthorizedClientProvider(
				new TokenClientDefinitions(List.of(definition())));
		provider.setClock(this.clock);
		provider.setObservationRegistry(this.observations);
		return provider;
	}

	static TokenClientDefinition definition() {
		JwtSigningKey key = JwtSigningKey.of(TestKeys.resource("ec-p256-pkcs8.pem"), "ES256", "2X9R4HXF34");
		JwtAssertionSpec jwt = JwtAssertionSpec.signedWith(key)
			.withIssuerAndSubject("{issuer-id}", null)
			.withAudienceAndScope(List.of("appstoreconnect-v1"), null)
			.withLifetime(Duration.ofMinutes(20));
		return TokenClientDefinition.withRegistrationId(REGISTRATION_ID)
			.grant(TokenGrant.SELF_SIGNED_JWT)
			.credentials(TokenCredentials.of(Map.of("issuer-id", "57246542-96fe-1a63-e053-0824d011072a")))
			.jwt(jwt)
			.build();
	}

	static ClientRegistration registration() {
		return ClientRegistration.withRegistrationId(REGISTRATION_ID)
			.authorizationGrantType(TokenGrant.SELF_SIGNED_JWT.authorizationGrantType())
			.clientId(REGISTRATION_ID)
			.build();
	}

	static void assertAppStoreJwt(OAuth2AccessToken token, Instant issuedAt) throws Exception {
		SignedJWT jwt = SignedJWT.parse(token.getTokenValue());
		ECPublicKey publicKey = (ECPublicKey) TestKeys.publicKey("EC", "ec-p256-public.pem");
		assertThat(jwt.verify(new ECDSAVerifier(publicKey))).isTrue();
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
		assertThat(jwt.getHeader().getKeyID()).isEqualTo("2X9R4HXF34");
		assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo("57246542-96fe-1a63-e053-0824d011072a");
		assertThat(claims.getAudience()).containsExactly("appstoreconnect-v1");
		assertThat(claims.getIssueTime().toInstant()).isEqualTo(issuedAt);
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(issuedAt.plus(Duration.ofMinutes(20)));
		assertThat(token.getIssuedAt()).isEqualTo(issuedAt);
		assertThat(token.getExpiresAt()).isEqualTo(issuedAt.plus(Duration.ofMinutes(20)));
		assertThat(token.getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
	}

	@Test
	void authorizeWhenNoTokenThenMintsSignedJwtAsTheAccessToken() throws Exception {
		OAuth2AuthorizedClient client = this.provider.authorize(context(registration()));

		assertThat(client).isNotNull();
		assertThat(client.getRefreshToken()).isNull();
		assertAppStoreJwt(client.getAccessToken(), this.clock.instant());
		assertThat(this.observations).hasObservationWithNameEqualTo("token-starter.token.request")
			.that()
			.hasLowCardinalityKeyValue("client", REGISTRATION_ID)
			.hasLowCardinalityKeyValue("endpoint", "self-signed")
			.hasLowCardinalityKeyValue("outcome", "success");
	}

	@Test
	void authorizeWhenTokenUnexpiredThenNull() {
		OAuth2AuthorizedClient client = this.provider.authorize(context(registration()));
		this.clock.advance(Duration.ofMinutes(15));

		assertThat(this.provider.authorize(withClient(client))).isNull();
	}

	@Test
	void authorizeWhenTokenNearItsExpThenMintsANewOne() throws Exception {
		OAuth2AuthorizedClient client = this.provider.authorize(context(registration()));
		this.clock.advance(Duration.ofMinutes(20).minusSeconds(30));

		OAuth2AuthorizedClient renewed = this.provider.authorize(withClient(client));

		assertThat(renewed.getAccessToken().getTokenValue()).isNotEqualTo(client.getAccessToken().getTokenValue());
		assertAppStoreJwt(renewed.getAccessToken(), this.clock.instant());
	}

	@Test
	void authorizeWhenTokenGrantProviderMeetsSelfSignedClientThenItSendsNothing() {
		TokenGrantOAuth2AuthorizedClientProvider grant = new TokenGrantOAuth2AuthorizedClientProvider(
				new TokenClientDefinitions(List.of(definition())),
				new TokenEndpointClient(LoopbackClients.restClient().build()));

		assertThat(grant.authorize(context(registration()))).isNull();
	}

	@Test
	void authorizeWhenOtherGrantThenNull() {
		ClientRegistration login = ClientRegistration.withRegistrationId(REGISTRATION_ID)
			.authorizationGrantType(TokenGrant.LOGIN.authorizationGrantType())
			.clientId("c")
			.build();

		assertThat(this.provider.authorize(context(login))).isNull();
	}

	static OAuth2AuthorizationContext context(ClientRegistration registration) {
		return OAuth2AuthorizationContext.withClientRegistration(registration).principal(PRINCIPAL).build();
	}

	static OAuth2AuthorizationContext withClient(OAuth2AuthorizedClient client) {
		return OAuth2AuthorizationContext.withAuthorizedClient(client).principal(PRINCIPAL).build();
	}

}
