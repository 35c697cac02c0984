package dev.tokenstarter.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.tokenstarter.core.definition.BodyFormat;
import dev.tokenstarter.core.definition.ClientAuthentication;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.jwt.JwtAssertionSpec;
import dev.tokenstarter.core.test.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code jwt} keys of {@link TokenClientDefinitionMapper}: signing keys read from values,
 * {@code file:} and {@code classpath:} locations and checked at start-up, claims templates, the
 * {@code {assertion}} variable, private-key-jwt client authentication and the self-signed JWT grant.
 *
 * @author token-starter
 */
class TokenClientDefinitionMapperJwtTests {

	private static final String P = "token-starter.clients.github-app.";

	private static final String RSA_PEM = TestKeys.resource("rsa-pkcs8.pem");

	private final TokenClientDefinitionMapper mapper = new TokenClientDefinitionMapper();

	private final Map<String, String> properties = new LinkedHashMap<>();

	@Test
	void mapWhenGitHubAppThenAssertionInHeaderSignedWithClasspathKey() {
		gitHubApp();

		TokenClientDefinition definition = map();

		JwtAssertionSpec jwt = definition.getJwt();
		assertThat(jwt).isNotNull();
		assertThat(jwt.key().keyType()).isEqualTo("RSA");
		assertThat(jwt.key().algorithm().getName()).isEqualTo("RS256");
		assertThat(jwt.issuer()).isEqualTo("{client-id}");
		assertThat(jwt.type()).isEqualTo("JWT");
		assertThat(jwt.lifetime()).isEqualTo(Duration.ofMinutes(9));
		assertThat(definition.getTokenEndpoint().request().headers()).containsEntry("Authorization",
				"Bearer {assertion}");
	}

	@Test
	void mapWhenKeyIsAFileLocationThenReadsTheFile(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("app.pem");
		Files.writeString(file, RSA_PEM, StandardCharsets.US_ASCII);
		gitHubApp();
		set("jwt.key", "file:" + file);
		set("jwt.key-id", "kid-1");
		set("jwt.type", "");

		JwtAssertionSpec jwt = map().getJwt();

		assertThat(jwt.key().keyId()).isEqualTo("kid-1");
		assertThat(jwt.type()).isNull();
	}

	@Test
	void mapWhenKeyIsThePemItselfThenReadsIt() {
		gitHubApp();
		set("jwt.key", RSA_PEM);
		set("jwt.algorithm", "PS256");

		assertThat(map().getJwt().key().algorithm().getName()).isEqualTo("PS256");
	}

	@Test
	void mapWhenKeyLocationDoesNotExistThenFailsNamingClientKeyAndLocation() {
		gitHubApp();
		set("jwt.key", "classpath:jwt/missing.pem");

		assertFailure("jwt.key names classpath:jwt/missing.pem, which does not exist", "jwt.key");
	}

	@Test
	void mapWhenKeyIsAPublicKeyThenFailsWithoutShowingIt() {
		gitHubApp();
		set("jwt.key", "classpath:jwt/ec-p256-public.pem");

		assertFailure("jwt.key (classpath:jwt/ec-p256-public.pem) holds no PEM private key (BEGIN PRIVATE KEY);"
				+ " found PUBLIC KEY", "jwt.key");
	}

	@Test
	void mapWhenKeyValueUnreadableThenFailsWithoutEchoingTheValue() {
		gitHubApp();
		String pkcs1 = TestKeys.resource("rsa-pkcs1.pem");
		set("jwt.key", pkcs1);

		InvalidTokenClientConfigurationException failure = catchFailure();

		assertThat(failure.getProperty()).isEqualTo(P + "jwt.key");
		assertThat(failure.getMessage()).startsWith("Token client 'github-app': " + P
				+ "jwt.key is a PKCS#1 or SEC1 private key, not PKCS#8");
		String body = pkcs1.lines().skip(1).findFirst().orElseThrow();
		assertThat(failure.getMessage() + failure.getAction()).doesNotContain(body.substring(0, 20));
	}

	@Test
	void mapWhenAlgorithmDoesNotFitTheKeyThenFailsNamingTheAlgorithmKey() {
		gitHubApp();
		set("jwt.algorithm", "ES256");

		assertFailure("jwt.algorithm (classpath:jwt/rsa-pkcs8.pem) ES256 does not fit an RSA key; use RS256, RS384,"
				+ " RS512, PS256, PS384 or PS512", "jwt.algorithm");
	}

	@Test
	void mapWhenAssertionUsedWithoutKeyThenFailsPointingToJwtKey() {
		gitHubApp();
		this.properties.remove(P + "jwt.key");
		this.properties.remove(P + "jwt.issuer");
		this.properties.remove(P + "jwt.lifetime");

		InvalidTokenClientConfigurationException failure = assertFailure(
				"token.headers.Authorization refers to {assertion}, which needs a signing key",
				"token.headers.Authorization");
		assertThat(failure.getAction()).contains(P + "jwt.key");
	}

	@Test
	void mapWhenClaimRefersToUnknownVariableThenFailsNamingTheClaim() {
		gitHubApp();
		set("jwt.claims.tenant", "{tenant-id}");

		assertFailure("jwt.claims.tenant refers to {tenant-id}, which is not set", "jwt.claims.tenant");
	}

	@Test
	void mapWhenClaimsWithoutKeyThenFailsNamingJwtKey() {
		set("token.uri", "https://api.example.com/token");
		set("jwt.issuer", "me");

		assertFailure("jwt.key must be set when other jwt keys are", "jwt.key");
	}

	@Test
	void mapWhenParameterNamedAssertionThenFails() {
		gitHubApp();
		set("parameters.assertion", "x");

		assertFailure("parameters.assertion redefines the variable {assertion}, which holds a JWT token-starter signs",
				"parameters.assertion");
	}

	@Test
	void mapWhenGoogleJwtBearerThenFormWithAssertion() {
		set("client-id", "svc@project.iam.gserviceaccount.com");
		set("jwt.key", "classpath:jwt/rsa-pkcs8.pem");
		set("jwt.issuer", "{client-id}");
		set("jwt.audience[0]", "https://oauth2.example/token");
		set("jwt.scope", "https://www.googleapis.com/auth/cloud-platform");
		set("jwt.lifetime", "1h");
		set("token.uri", "https://oauth2.example/token");
		set("token.body-format", "form");
		set("token.body.grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
		set("token.body.assertion", "{assertion}");

		TokenClientDefinition definition = map();

		assertThat(definition.getJwt().audience()).containsExactly("https://oauth2.example/token");
		assertThat(definition.getJwt().scope()).isEqualTo("https://www.googleapis.com/auth/cloud-platform");
		assertThat(definition.getTokenEndpoint().request().bodyFormat()).isEqualTo(BodyFormat.FORM);
	}

	@Test
	void mapWhenPrivateKeyJwtThenClientAuthenticationWithTheKey() {
		privateKeyJwt();

		TokenClientDefinition definition = map();

		assertThat(definition.getTokenEndpoint().request().clientAuthentication())
			.isEqualTo(ClientAuthentication.PRIVATE_KEY_JWT);
		assertThat(definition.getJwt()).isNotNull();
	}

	@Test
	void mapWhenPrivateKeyJwtWithoutKeyThenFailsNamingJwtKey() {
		privateKeyJwt();
		this.properties.remove(P + "jwt.key");

		assertFailure("jwt.key must be set when token.client-authentication is private-key-jwt", "jwt.key");
	}

	@Test
	void mapWhenPrivateKeyJwtWithJsonBodyThenFailsNamingBodyFormat() {
		privateKeyJwt();
		set("token.body-format", "json");

		assertFailure("token.body-format must be form or none with private-key-jwt, which sends the client assertion"
				+ " as form fields", "token.body-format");
	}

	@Test
	void mapWhenPrivateKeyJwtWithoutClientIdThenFails() {
		privateKeyJwt();
		this.properties.remove(P + "client-id");

		assertFailure("token.client-authentication private-key-jwt needs {client-id}, the issuer and subject of the"
				+ " client assertion, which is not set", "token.client-authentication");
	}

	@Test
	void mapWhenSelfSignedJwtThenNoTokenEndpointAndTheJwtDescribed() {
		appStore();

		TokenClientDefinition definition = map();

		assertThat(definition.getGrant()).isEqualTo(TokenGrant.SELF_SIGNED_JWT);
		assertThat(definition.getJwt().key().algorithm().getName()).isEqualTo("ES256");
		assertThat(definition.getJwt().key().keyId()).isEqualTo("2X9R4HXF34");
		assertThat(definition.getJwt().audience()).containsExactly("appstoreconnect-v1");
		assertThat(definition.getRefreshEndpoint()).isNull();
	}

	@Test
	void mapWhenSelfSignedJwtWithoutKeyThenFailsNamingJwtKey() {
		appStore();
		this.properties.remove(P + "jwt.key");

		assertFailure("jwt.key must be set with grant self-signed-jwt", "jwt.key");
	}

	@Test
	void mapWhenSelfSignedJwtWithTokenUriThenFails() {
		appStore();
		set("token.uri", "https://api.example.com/token");

		assertFailure("token.uri must not be set with grant self-signed-jwt, whose tokens are JWTs signed by the"
				+ " client, with no token endpoint", "token.uri");
	}

	@Test
	void mapWhenLifetimeUnderASecondThenFails() {
		appStore();
		set("jwt.lifetime", "500ms");

		assertFailure("jwt.lifetime must be at least 1s", "jwt.lifetime");
	}

	private void gitHubApp() {
		set("client-id", "123456");
		set("parameters.installation-id", "42");
		set("jwt.key", "classpath:jwt/rsa-pkcs8.pem");
		set("jwt.issuer", "{client-id}");
		set("jwt.lifetime", "9m");
		set("token.uri", "https://api.github.example/app/installations/{installation-id}/access_tokens");
		set("token.body-format", "none");
		set("token.headers.Authorization", "Bearer {assertion}");
	}

	private void privateKeyJwt() {
		set("client-id", "client-9");
		set("jwt.key", "classpath:jwt/rsa-pkcs8.pem");
		set("token.uri", "https://idp.example/oauth2/token");
		set("token.body-format", "form");
		set("token.body.grant_type", "client_credentials");
		set("token.client-authentication", "private-key-jwt");
	}

	private void appStore() {
		set("grant", "self-signed-jwt");
		set("parameters.issuer-id", "57246542-96fe-1a63-e053-0824d011072a");
		set("jwt.key", "classpath:jwt/ec-p256-pkcs8.pem");
		set("jwt.key-id", "2X9R4HXF34");
		set("jwt.issuer", "{issuer-id}");
		set("jwt.audience", "appstoreconnect-v1");
		set("jwt.lifetime", "20m");
	}

	private void set(String key, String value) {
		this.properties.put(P + key, value);
	}

	private TokenClientDefinition map() {
		TokenClientDefinition definition = this.mapper.map(bind()).find("github-app");
		assertThat(definition).isNotNull();
		return definition;
	}

	private TokenStarterProperties bind() {
		return new Binder(new MapConfigurationPropertySource(this.properties)).bindOrCreate("token-starter",
				TokenStarterProperties.class);
	}

	private InvalidTokenClientConfigurationException catchFailure() {
		try {
			this.mapper.map(bind());
		}
		catch (InvalidTokenClientConfigurationException ex) {
			return ex;
		}
		throw new AssertionError("Expected an InvalidTokenClientConfigurationException");
	}

	private InvalidTokenClientConfigurationException assertFailure(String problem, String key) {
		InvalidTokenClientConfigurationException failure = catchFailure();
		assertThat(failure).hasMessage("Token client 'github-app': " + P + problem + ".");
		assertThat(failure.getClientId()).isEqualTo("github-app");
		assertThat(failure.getProperty()).isEqualTo(P + key);
		assertThat(failure.getAction()).isNotBlank().doesNotContain("PRIVATE KEY");
		assertThat(failure.getMessage()).doesNotContain("MII");
		return failure;
	}

}
