package dev.tokenstarter.autoconfigure;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

import dev.tokenstarter.core.test.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signing key that cannot work stops the start-up, through the auto-configuration and the failure
 * analyzer, with the client and the key named and no key material anywhere in the report.
 *
 * @author token-starter
 */
class JwtStartupFailureTests {

	private static final String P = "token-starter.clients.github-app.";

	private static final String RSA_PEM = TestKeys.resource("rsa-pkcs8.pem");

	// RFC 8037's example Ed25519 key: a private JWK of a type that token-starter does not sign with.
	private static final String ED25519_JWK = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
			+ "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\","
			+ "\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\"}";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenStarterAutoConfiguration.class))
		.withPropertyValues(P + "client-id=123456", P + "jwt.issuer={client-id}",
				P + "token.uri=https://api.github.example/app/installations/42/access_tokens",
				P + "token.body-format=none", P + "token.headers.Authorization=Bearer {assertion}");

	@ParameterizedTest(name = "{0}")
	@MethodSource("badKeys")
	void startupWhenSigningKeyCannotWorkThenFailureNamesClientAndKeyWithoutKeyMaterial(String key,
			String problem, List<String> properties) {
		this.contextRunner.withPropertyValues(properties.toArray(String[]::new)).run((context) -> {
			assertThat(context).hasFailed();
			Throwable root = context.getStartupFailure();
			while (root.getCause() != null) {
				root = root.getCause();
			}
			assertThat(root).isInstanceOf(InvalidTokenClientConfigurationException.class)
				.hasMessage("Token client 'github-app': " + P + key + " " + problem + ".");
			FailureAnalysis analysis = new TokenStarterFailureAnalyzer(new MockEnvironment())
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			String report = analysis.getDescription() + analysis.getAction();
			assertThat(report).contains("github-app", P + key);
			for (String line : RSA_PEM.lines().filter((line) -> !line.startsWith("-----")).toList()) {
				assertThat(report).doesNotContain(line);
			}
		});
	}

	static Stream<Arguments> badKeys() {
		String pemBody = RSA_PEM.lines().filter((line) -> !line.startsWith("-----")).findFirst().orElseThrow();
		return Stream.of(
				Arguments.of("jwt.key", "names classpath:keys/absent.pem, which does not exist",
						List.of(P + "jwt.key=classpath:keys/absent.pem")),
				Arguments.of("jwt.key",
						"(classpath:jwt/ec-p256-public.pem) holds no PEM private key (BEGIN PRIVATE KEY); found PUBLIC KEY",
						List.of(P + "jwt.key=classpath:jwt/ec-p256-public.pem")),
				Arguments.of("jwt.key",
						"is neither a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----) nor a JWK (a JSON object)",
						List.of(P + "jwt.key=" + pemBody)),
				Arguments.of("jwt.algorithm",
						"(classpath:jwt/rsa-pkcs8.pem) ES256 does not fit an RSA key; use RS256, RS384, RS512, PS256,"
								+ " PS384 or PS512",
						List.of(P + "jwt.key=classpath:jwt/rsa-pkcs8.pem", P + "jwt.algorithm=ES256")),
				Arguments.of("jwt.key", "is a JWK of type OKP; token-starter signs with RSA, EC or oct (HMAC) keys",
						List.of(P + "jwt.key=" + ED25519_JWK)));
	}

}
