package dev.tokenstarter.autoconfigure;

import java.io.IOException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link TokenStarterFailureAnalyzer}, on the failures that {@link TokenClientDefinitionMapper}
 * raises for configurations read from YAML.
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenStarterFailureAnalyzerTests {

	private static final String ORIGIN = "Origin: class path resource [token-starter-invalid.yml] - ";

	private final StandardEnvironment environment = new StandardEnvironment();

	private TokenStarterProperties properties;

	@BeforeEach
	void bindInvalidClients() throws IOException {
		for (PropertySource<?> source : new YamlPropertySourceLoader().load("token-starter-invalid",
				new ClassPathResource("token-starter-invalid.yml"))) {
			this.environment.getPropertySources().addFirst(source);
		}
		ConfigurationPropertySources.attach(this.environment);
		this.properties = Binder.get(this.environment).bind("token-starter", TokenStarterProperties.class).get();
	}

	@Test
	void analyzeWhenUriMissingThenNamesKeyWithoutOriginAndSaysWhatToSet() {
		FailureAnalysis analysis = analyze("missing-uri");
		assertThat(analysis.getDescription())
			.isEqualTo(String.format("Token client 'missing-uri': token-starter.clients.missing-uri.token.uri must "
					+ "not be empty.%n%n    Property: token-starter.clients.missing-uri.token.uri"));
		assertThat(analysis.getAction()).isEqualTo("Set token-starter.clients.missing-uri.token.uri to the "
				+ "endpoint's URI, such as https://api.example.com/oauth/token.");
		assertNoSecrets(analysis);
	}

	@Test
	void analyzeWhenPointerInvalidThenNamesKeyAndOriginAndShowsPointerSyntax() {
		FailureAnalysis analysis = analyze("invalid-pointer");
		assertThat(analysis.getDescription()).startsWith(String.format("Token client 'invalid-pointer': "
				+ "token-starter.clients.invalid-pointer.token.response.access-token 'data/accessToken' is not a "
				+ "valid JSON Pointer.%n%n    Property: "
				+ "token-starter.clients.invalid-pointer.token.response.access-token%n    " + ORIGIN + "14:"));
		assertThat(analysis.getAction()).isEqualTo("Write a JSON Pointer such as /data/access_token: '/' before "
				+ "each name, ~0 for '~' and ~1 for '/'; or header:Name for a response header.");
		assertNoSecrets(analysis);
	}

	@Test
	void analyzeWhenExpiresKindUnknownThenListsAcceptedValues() {
		FailureAnalysis analysis = analyze("unknown-expires-kind");
		assertThat(analysis.getDescription()).startsWith(String.format("Token client 'unknown-expires-kind': "
				+ "token-starter.clients.unknown-expires-kind.token.response.expires-kind 'fortnight' is not one of "
				+ "seconds, epoch-seconds, epoch-millis, iso-instant, jwt-exp, lifetime.%n%n    Property: "
				+ "token-starter.clients.unknown-expires-kind.token.response.expires-kind%n    " + ORIGIN + "21:"));
		assertThat(analysis.getAction())
			.isEqualTo("Set token-starter.clients.unknown-expires-kind.token.response.expires-kind to one of "
					+ "seconds, epoch-seconds, epoch-millis, iso-instant, jwt-exp, lifetime.");
		assertNoSecrets(analysis);
	}

	@Test
	void analyzeWhenTemplateVariableUndefinedThenSaysWhereToDefineIt() {
		FailureAnalysis analysis = analyze("undefined-variable");
		assertThat(analysis.getDescription()).startsWith(String.format("Token client 'undefined-variable': "
				+ "token-starter.clients.undefined-variable.token.body.app refers to {app-id}, which is not set."
				+ "%n%n    Property: token-starter.clients.undefined-variable.token.body.app%n    " + ORIGIN
				+ "29:"));
		assertThat(analysis.getAction()).isEqualTo(
				"Add app-id under token-starter.clients.undefined-variable.parameters, or correct the variable name.");
		assertNoSecrets(analysis);
	}

	@Test
	void analyzeWhenWrappedInBeanCreationFailureThenFindsCause() {
		TokenStarterConfigurationException cause = new TokenStarterConfigurationException(
				"token-starter.store.type 'disk' is not one of memory, jdbc, redis.", "token-starter.store.type",
				"Set token-starter.store.type to one of memory, jdbc, redis.");
		FailureAnalysis analysis = new TokenStarterFailureAnalyzer(new MockEnvironment())
			.analyze(new IllegalStateException("Error creating bean", cause));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getCause()).isSameAs(cause);
		assertThat(analysis.getDescription()).isEqualTo(String.format(
				"token-starter.store.type 'disk' is not one of memory, jdbc, redis.%n%n    Property: token-starter.store.type"));
		assertThat(analysis.getAction()).isEqualTo("Set token-starter.store.type to one of memory, jdbc, redis.");
	}

	@Test
	void analyzeWhenNoEnvironmentThenDescribesWithoutOrigin() {
		InvalidTokenClientConfigurationException failure = failure("invalid-pointer");
		FailureAnalysis analysis = new TokenStarterFailureAnalyzer(null).analyze(failure);
		assertThat(analysis.getDescription()).doesNotContain("Origin:")
			.endsWith("Property: token-starter.clients.invalid-pointer.token.response.access-token");
	}

	@Test
	void runWhenClientConfigurationInvalidThenBootReportsKeyAndActionWithoutSecrets(CapturedOutput output) {
		SpringApplication application = new SpringApplication(TokenStarterApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException()
			.isThrownBy(() -> application.run("--spring.config.location=classpath:token-starter-failed-start.yml"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Description:")
			.contains("token-starter.clients.memories.token.response.expires-kind 'fortnight' is not one of")
			.contains("Origin: class path resource [token-starter-failed-start.yml] - ")
			.contains("Action:")
			.contains("Set token-starter.clients.memories.token.response.expires-kind to one of seconds, "
					+ "epoch-seconds, epoch-millis, iso-instant, jwt-exp, lifetime.")
			.doesNotContain("failed-start-SECRET");
	}

	private FailureAnalysis analyze(String clientId) {
		InvalidTokenClientConfigurationException failure = failure(clientId);
		FailureAnalysis analysis = new TokenStarterFailureAnalyzer(this.environment)
			.analyze(new IllegalStateException("Error creating bean 'tokenClientDefinitions'", failure));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getCause()).isSameAs(failure);
		return analysis;
	}

	private InvalidTokenClientConfigurationException failure(String clientId) {
		InvalidTokenClientConfigurationException failure = catchThrowableOfType(
				InvalidTokenClientConfigurationException.class,
				() -> new TokenClientDefinitionMapper().map(clientId, this.properties.getClients().get(clientId)));
		assertThat(failure).as("failure of client %s", clientId).isNotNull();
		return failure;
	}

	private static void assertNoSecrets(FailureAnalysis analysis) {
		assertThat(analysis.getDescription()).doesNotContain("SECRET");
		assertThat(analysis.getAction()).doesNotContain("SECRET");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(TokenStarterAutoConfiguration.class)
	static class TokenStarterApplication {

	}

}
