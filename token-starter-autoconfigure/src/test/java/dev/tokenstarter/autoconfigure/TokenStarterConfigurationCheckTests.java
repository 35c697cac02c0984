package dev.tokenstarter.autoconfigure;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;

import dev.tokenstarter.core.definition.TokenClientDefinitions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenStarterConfigurationCheck}: unknown keys, contradicting settings and unresolved
 * placeholders fail start-up naming the client and the key; the strictness switch turns the first two
 * into one warning.
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenStarterConfigurationCheckTests {

	private static final String SECRET = "check-SECRET-42";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenStarterAutoConfiguration.class));

	@Test
	void startWhenClientKeyMisspelledThenFailsNamingClientKeyAndClosestKey() {
		this.contextRunner.withPropertyValues(client("demo-api", "tokn.uri=https://api.example.com/token"))
			.run(failsWith("Token client 'demo-api': token-starter.clients.demo-api.tokn.uri is not a known key; "
					+ "did you mean token.uri?", "Rename it to token-starter.clients.demo-api.token.uri"));
	}

	@Test
	void startWhenNestedKeyMisspelledThenSuggestsKeyWithSameIndexes() {
		this.contextRunner
			.withPropertyValues(client("demo-api", "lifecycle.budget.windows[0].limt=5",
					"lifecycle.budget.windows[0].period=1h"))
			.run(failsWith("token-starter.clients.demo-api.lifecycle.budget.windows[0].limt is not a known key; "
					+ "did you mean lifecycle.budget.windows[0].limit?", "windows[0].limit"));
	}

	@Test
	void startWhenGeneralKeyMisspelledThenSuggestsFullKey() {
		this.contextRunner.withPropertyValues(client("demo-api", "grant=client-credentials"))
			.withPropertyValues("token-starter.stor.type=memory")
			.run(failsWith("token-starter.stor.type is not a known key; did you mean token-starter.store.type?",
					"Rename it to token-starter.store.type"));
	}

	@Test
	void startWhenClientsMapMisspelledThenSuggestsClientsKey() {
		this.contextRunner.withPropertyValues("token-starter.client.demo-api.token.uri=https://api.example.com/token")
			.run(failsWith("token-starter.client.demo-api.token.uri is not a known key; did you mean "
					+ "token-starter.clients.demo-api.token.uri?", "Rename it"));
	}

	@Test
	void startWhenKeyIsFarFromAnyThenFailsWithoutSuggestion() {
		this.contextRunner.withPropertyValues(client("demo-api", "quantum-entanglement-factor=3"))
			.run(failsWith("token-starter.clients.demo-api.quantum-entanglement-factor is not a known key.",
					"docs/reference.md"));
	}

	@Test
	void startWhenSeveralKeysUnknownThenNamesEach() {
		this.contextRunner.withPropertyValues(client("demo-api", "tokn.uri=https://x.example.com", "clent-id=x"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessageContaining("token-starter.clients.demo-api.clent-id is not a known key; did you mean "
							+ "client-id?")
					.hasMessageContaining("token-starter.clients.demo-api.tokn.uri is not a known key");
			});
	}

	@Test
	void startWhenMapValuedKeysHaveAnyEntriesThenStarts() {
		this.contextRunner.withPropertyValues(client("demo-api", "token.body.grant_type=client_credentials",
				"token.body.any-Field.nested=x", "token.headers.X-Api-Key={client-secret}", "token.query.v=2",
				"parameters.tenant=acme", "token.body.tenant={tenant}", "refresh.uri=https://api.example.com/refresh",
				"refresh.headers.X-Refresh={refresh-token}"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(TokenClientDefinitions.class).find("demo-api")).isNotNull();
			});
	}

	@Test
	void startWhenStrictConfigurationOffThenStartsAndWarnsInOneLine(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues(client("demo-api", "tokn.uri=https://x.example.com", "attach.header=X-Token",
					"attach.query-parameter=token"))
			.withPropertyValues("token-starter.strict-configuration=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				String[] warnings = output.getOut()
					.lines()
					.filter((line) -> line.contains("WARN") && line.contains("token-starter"))
					.toArray(String[]::new);
				assertThat(warnings).hasSize(1);
				assertThat(warnings[0]).contains("token-starter.strict-configuration=false")
					.contains("token-starter.clients.demo-api.tokn.uri is not a known key; did you mean token.uri?")
					.contains("token-starter.clients.demo-api.attach.header is ignored because");
			});
	}

	@Test
	void startWhenQueryParameterAndHeaderBothSetThenFailsNamingTheIgnoredKey() {
		this.contextRunner
			.withPropertyValues(client("demo-api", "attach.scheme=Token", "attach.query-parameter=access_token"))
			.run(failsWith("Token client 'demo-api': token-starter.clients.demo-api.attach.scheme is ignored because "
					+ "token-starter.clients.demo-api.attach.query-parameter is set.", "Remove"));
	}

	@Test
	void startWhenCallbackTimeoutWithoutCallbackDeliveryThenFails() {
		this.contextRunner.withPropertyValues(client("demo-api", "token.callback-timeout=1m"))
			.run(failsWith("token-starter.clients.demo-api.token.callback-timeout is ignored because "
					+ "token-starter.clients.demo-api.token.delivery is not callback.", "delivery=callback"));
	}

	@Test
	void startWhenRefreshKeysWithoutRefreshUriThenFails() {
		this.contextRunner.withPropertyValues(client("demo-api", "refresh.response.access-token=/token"))
			.run(failsWith("token-starter.clients.demo-api.refresh.uri is not set, so the other "
					+ "token-starter.clients.demo-api.refresh.* keys are ignored.", "Set token-starter.clients"));
	}

	@Test
	void startWhenStoreKeysOfAnotherStoreThenFails() {
		this.contextRunner.withPropertyValues(client("demo-api", "grant=client-credentials"))
			.withPropertyValues("token-starter.store.redis.key-prefix=app:")
			.run(failsWith("token-starter.store.redis.* is set but token-starter.store.type is 'memory', so it is "
					+ "ignored.", "Set token-starter.store.type=redis"));
	}

	@Test
	void startWhenCredentialPlaceholderUnresolvedThenFailsNamingPlaceholderNotValue() {
		this.contextRunner.withPropertyValues(client("demo-api", "client-secret=${DEMO_CLIENT_SECRET_UNSET_42}"))
			.run(failsWith("Token client 'demo-api': token-starter.clients.demo-api.client-secret holds "
					+ "${DEMO_CLIENT_SECRET_UNSET_42}, which cannot be resolved.",
					"Set the environment variable or property DEMO_CLIENT_SECRET_UNSET_42"));
	}

	@Test
	void startWhenTemplateVariablePlaceholderUnresolvedThenFailsWithoutShowingTheRestOfTheValue() {
		this.contextRunner
			.withPropertyValues(client("demo-api", "parameters.app-id=" + SECRET + "-${APP_ID_UNSET_42}",
					"token.body.app={app-id}"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).isInstanceOf(InvalidTokenClientConfigurationException.class)
					.hasMessage("Token client 'demo-api': token-starter.clients.demo-api.parameters.app-id holds "
							+ "${APP_ID_UNSET_42}, which cannot be resolved.")
					.hasMessageNotContaining(SECRET);
			});
	}

	@Test
	void startWhenPlaceholderResolvesOrHasDefaultOrIsEscapedThenStarts() {
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addLast(new MapPropertySource("secrets", Map.of("DEMO_SECRET", SECRET))))
			.withPropertyValues(client("demo-api", "client-secret=${DEMO_SECRET}", "username=${DEMO_USER_UNSET:demo}",
					"client-id=\\${LITERAL_ID}"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TokenStarterProperties.Client client = context.getBean(TokenStarterProperties.class)
					.getClients()
					.get("demo-api");
				assertThat(client.getClientSecret()).isEqualTo(SECRET);
				assertThat(client.getUsername()).isEqualTo("demo");
				assertThat(client.getClientId()).isEqualTo("${LITERAL_ID}");
			});
	}

	@Test
	void startWhenPlaceholderUnresolvedAndStrictnessOffThenStillFails() {
		this.contextRunner.withPropertyValues(client("demo-api", "password=${PASSWORD_UNSET_42}"))
			.withPropertyValues("token-starter.strict-configuration=false")
			.run(failsWith("token-starter.clients.demo-api.password holds ${PASSWORD_UNSET_42}", "PASSWORD_UNSET_42"));
	}

	/**
	 * Return the properties of a working client credentials client plus the given keys below the client.
	 */
	private static String[] client(String id, String... keys) {
		String prefix = "token-starter.clients." + id + ".";
		Stream<String> base = Stream.of("client-id=demo", "client-secret=" + SECRET,
				"token.uri=https://api.example.com/oauth/token");
		return Stream.concat(base, Arrays.stream(keys)).map((key) -> prefix + key).toArray(String[]::new);
	}

	private static ContextConsumer<AssertableApplicationContext> failsWith(String message, String action) {
		return (context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			while (!(failure instanceof TokenStarterConfigurationException) && failure.getCause() != null) {
				failure = failure.getCause();
			}
			assertThat(failure).isInstanceOf(TokenStarterConfigurationException.class).hasMessageContaining(message);
			assertThat(((TokenStarterConfigurationException) failure).getAction()).contains(action);
			assertThat(failure.getMessage()).doesNotContain(SECRET);
		};
	}

}
