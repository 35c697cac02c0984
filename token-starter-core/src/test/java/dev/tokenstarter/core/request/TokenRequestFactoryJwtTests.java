package dev.tokenstarter.core.request;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriComponentsBuilder;

import dev.tokenstarter.core.definition.BodyFormat;
import dev.tokenstarter.core.definition.ClientAuthentication;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenCredentials;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.definition.TokenResponseSpec;
import dev.tokenstarter.core.jwt.JwtAssertionSpec;
import dev.tokenstarter.core.jwt.JwtSigningKey;
import dev.tokenstarter.core.test.MutableClock;
import dev.tokenstarter.core.test.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenRequestFactory} with clients that sign JWTs: the {@code {assertion}} variable in
 * headers (GitHub Apps) and form bodies (Google's jwt-bearer grant), and private-key-jwt client
 * authentication.
 *
 * @author token-starter
 */
class TokenRequestFactoryJwtTests {

	private static final KeyPair KEY_PAIR = TestKeys.rsa();

	private static final JwtSigningKey KEY = JwtSigningKey.of(TestKeys.privatePem(KEY_PAIR), null, null);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T08:00:00Z"));

	private final TokenRequestFactory factory = factory(this.clock);

	private static TokenRequestFactory factory(MutableClock clock) {
		TokenRequestFactory factory = new TokenRequestFactory();
		factory.setClock(clock);
		return factory;
	}

	@Test
	void createWhenGitHubAppAssertionInAuthorizationHeaderThenBearerJwtWithAppIdIssuer() throws Exception {
		TokenRequestSpec spec = new TokenRequestSpec(HttpMethod.POST,
				"https://api.github.example/app/installations/{installation-id}/access_tokens", BodyFormat.NONE,
				Map.of(), Map.of(), Map.of("Authorization", "Bearer {assertion}"), ClientAuthentication.NONE);
		JwtAssertionSpec jwt = JwtAssertionSpec.signedWith(KEY)
			.withIssuerAndSubject("{client-id}", null)
			.withLifetime(Duration.ofMinutes(9));
		TokenClientDefinition definition = definition(TokenGrant.CLIENT_CREDENTIALS, spec, jwt,
				Map.of("client-id", "123456", "installation-id", "987"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertThat(request.method()).isEqualTo(HttpMethod.POST);
		assertThat(request.uri()).hasToString("https://api.github.example/app/installations/987/access_tokens");
		assertThat(request.body()).isNull();
		String authorization = request.headers().getFirst("Authorization");
		assertThat(authorization).startsWith("Bearer ");
		JWTClaimsSet claims = verified(authorization.substring("Bearer ".length()));
		assertThat(claims.getIssuer()).isEqualTo("123456");
		assertThat(claims.getIssueTime().toInstant()).isEqualTo(this.clock.instant());
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(this.clock.instant().plusSeconds(540));
	}

	@Test
	void createWhenGoogleJwtBearerFormThenAssertionFieldHoldsSignedJwtWithScopeAndAudience() throws Exception {
		TokenRequestSpec spec = TokenRequestSpec.post("https://oauth2.google.example/token")
			.withBody(BodyFormat.FORM, fields("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer",
					"assertion", "{assertion}"));
		JwtAssertionSpec jwt = JwtAssertionSpec.signedWith(KEY)
			.withIssuerAndSubject("{client-id}", null)
			.withAudienceAndScope(List.of("https://oauth2.google.example/token"), "https://www.googleapis.com/auth/cloud-platform")
			.withLifetime(Duration.ofHours(1));
		TokenClientDefinition definition = definition(TokenGrant.CLIENT_CREDENTIALS, spec, jwt,
				Map.of("client-id", "svc@project.iam.gserviceaccount.com"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		Map<String, String> form = form(request);
		assertThat(form.keySet()).containsExactly("grant_type", "assertion");
		assertThat(form.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
		JWTClaimsSet claims = verified(form.get("assertion"));
		assertThat(claims.getIssuer()).isEqualTo("svc@project.iam.gserviceaccount.com");
		assertThat(claims.getAudience()).containsExactly("https://oauth2.google.example/token");
		assertThat(claims.getStringClaim("scope")).isEqualTo("https://www.googleapis.com/auth/cloud-platform");
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(this.clock.instant().plus(Duration.ofHours(1)));
	}

	@Test
	void createWhenCalledTwiceThenEachRequestCarriesAFreshAssertion() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://idp.example/token")
			.withHeaders(Map.of("Authorization", "Bearer {assertion}"))
			.withBody(BodyFormat.NONE, Map.of());
		TokenClientDefinition definition = definition(TokenGrant.CLIENT_CREDENTIALS, spec,
				JwtAssertionSpec.signedWith(KEY), Map.of());

		String first = this.factory.create(definition, spec, Map.of()).headers().getFirst("Authorization");
		this.clock.advance(Duration.ofSeconds(30));
		String second = this.factory.create(definition, spec, Map.of()).headers().getFirst("Authorization");

		assertThat(second).isNotEqualTo(first);
	}

	@Test
	void createWhenPrivateKeyJwtThenFormCarriesClientAssertionForTheTokenUri() throws Exception {
		TokenRequestSpec spec = TokenRequestSpec.post("https://idp.example/oauth2/token")
			.withQuery(Map.of("tenant", "t1"))
			.withBody(BodyFormat.FORM, fields("grant_type", "client_credentials", "client_id", "{client-id}"))
			.withClientAuthentication(ClientAuthentication.PRIVATE_KEY_JWT);
		TokenClientDefinition definition = definition(TokenGrant.CLIENT_CREDENTIALS, spec,
				JwtAssertionSpec.signedWith(KEY), Map.of("client-id", "client-9"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertThat(request.uri()).hasToString("https://idp.example/oauth2/token?tenant=t1");
		assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/x-www-form-urlencoded;charset=UTF-8");
		assertThat(request.headers().containsHeader("Authorization")).isFalse();
		Map<String, String> form = form(request);
		assertThat(form.keySet()).containsExactly("grant_type", "client_id", "client_assertion_type",
				"client_assertion");
		assertThat(form.get("client_assertion_type"))
			.isEqualTo("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
		JWTClaimsSet claims = verified(form.get("client_assertion"));
		assertThat(claims.getIssuer()).isEqualTo("client-9");
		assertThat(claims.getSubject()).isEqualTo("client-9");
		assertThat(claims.getAudience()).containsExactly("https://idp.example/oauth2/token");
		assertThat(claims.getJWTID()).isNotBlank();
	}

	@Test
	void createWhenPrivateKeyJwtWithoutBodyFormatThenFormOfTheTwoFields() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://idp.example/token")
			.withBody(BodyFormat.NONE, Map.of())
			.withClientAuthentication(ClientAuthentication.PRIVATE_KEY_JWT);
		TokenClientDefinition definition = definition(TokenGrant.CLIENT_CREDENTIALS, spec,
				JwtAssertionSpec.signedWith(KEY), Map.of("client-id", "c"));

		Map<String, String> form = form(this.factory.create(definition, spec, Map.of()));

		assertThat(form.keySet()).containsExactly("client_assertion_type", "client_assertion");
	}

	private static JWTClaimsSet verified(String jwt) throws Exception {
		SignedJWT signed = SignedJWT.parse(jwt);
		assertThat(signed.verify(new RSASSAVerifier((RSAPublicKey) KEY_PAIR.getPublic()))).isTrue();
		return signed.getJWTClaimsSet();
	}

	private static Map<String, String> form(TokenRequest request) {
		assertThat(request.body()).isNotNull();
		Map<String, String> form = new LinkedHashMap<>();
		UriComponentsBuilder.newInstance()
			.query(new String(request.body(), StandardCharsets.UTF_8))
			.build()
			.getQueryParams()
			.forEach((name, values) -> form.put(name,
					java.net.URLDecoder.decode(values.get(0), StandardCharsets.UTF_8)));
		return form;
	}

	private static TokenClientDefinition definition(TokenGrant grant, TokenRequestSpec spec, JwtAssertionSpec jwt,
			Map<String, String> credentials) {
		return TokenClientDefinition.withRegistrationId("jwt-client")
			.grant(grant)
			.credentials(TokenCredentials.of(new LinkedHashMap<>(credentials)))
			.tokenEndpoint(new TokenEndpointSpec(spec, TokenResponseSpec.oauth2()))
			.jwt(jwt)
			.build();
	}

	private static Map<String, String> fields(String... namesAndValues) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			fields.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return fields;
	}

}
