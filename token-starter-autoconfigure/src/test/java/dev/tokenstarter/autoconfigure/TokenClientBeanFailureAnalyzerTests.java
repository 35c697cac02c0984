package dev.tokenstarter.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.security.oauth2.client.annotation.ClientRegistrationId;
import org.springframework.web.client.RestClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import dev.tokenstarter.annotation.TokenClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link TokenClientBeanFailureAnalyzer} and the HTTP service group check: a token client asked
 * for by an id that is none gets an analysis listing the configured clients and the closest id, and
 * naming keys that look like a misspelled {@code clients} map.
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenClientBeanFailureAnalyzerTests {

	private static final String[] TWO_CLIENTS = { "token-starter.clients.demo-api.token.uri=https://api.example.com/t",
			"token-starter.clients.memories.token.uri=https://memories.example.com/t" };

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenStarterAutoConfiguration.class));

	@Test
	void analyzeWhenTokenClientIdDiffersBySeparatorThenListsClientsAndClosestId() {
		FailureAnalysis analysis = analyze(TokenClientUser.class, TWO_CLIENTS);
		assertThat(analysis.getDescription()).isEqualTo(String.format("Parameter 0 of constructor in "
				+ TokenClientUser.class.getName() + " required a org.springframework.web.client.RestClient of token "
				+ "client 'demo_api', but there is no token client 'demo_api'.%n%nConfigured token clients: "
				+ "demo-api, memories. Did you mean 'demo-api'?"));
		assertThat(analysis.getAction()).isEqualTo("Write @TokenClient(\"demo-api\"), or configure a client under "
				+ "token-starter.clients.demo_api.");
	}

	@Test
	void analyzeWhenQualifierOnBuilderNamesNoClientThenListsClientsWithoutGuess() {
		FailureAnalysis analysis = analyze(QualifierUser.class, TWO_CLIENTS);
		assertThat(analysis.getDescription()).contains("Field builder in " + QualifierUser.class.getName()
				+ " required a org.springframework.web.client.RestClient.Builder of token client 'billing'")
			.endsWith("Configured token clients: demo-api, memories.");
		assertThat(analysis.getAction())
			.isEqualTo("Configure a client under token-starter.clients.billing, or name one of demo-api, memories.");
	}

	@Test
	void analyzeWhenClientsMapMisspelledThenNamesTheKey() {
		FailureAnalysis analysis = analyze(TokenClientUser.class, "token-starter.strict-configuration=false",
				"token-starter.client.demo-api.token.uri=https://api.example.com/t");
		assertThat(analysis.getDescription()).endsWith("No token client is configured under token-starter.clients. "
				+ "token-starter.client.demo-api.token.uri looks like a misspelling of token-starter.clients.");
		assertThat(analysis.getAction()).isEqualTo("Configure the clients under token-starter.clients.<id>, such as "
				+ "token-starter.clients.demo_api.token.uri.");
	}

	@Test
	void analyzeWhenQualifierOnOtherTypeThenLeavesItToSpringBoot() {
		this.contextRunner.withPropertyValues(TWO_CLIENTS).withUserConfiguration(OtherQualifierUser.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(new TokenClientBeanFailureAnalyzer(environment(TWO_CLIENTS)).analyze(context.getStartupFailure()))
				.isNull();
		});
	}

	@Test
	void runWhenTokenClientMissingThenBootReportsTheAnalysis(CapturedOutput output) {
		SpringApplication application = new SpringApplication(TokenClientApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		// Boot's logging system would change the log format of the tests that run after this one.
		System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
		try {
			assertThatException().isThrownBy(() -> application.run("--spring.main.banner-mode=off",
					"--token-starter.clients.demo-api.token.uri=https://api.example.com/t"));
		}
		finally {
			System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
		}
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("of token client 'demo_api', but there is no token client 'demo_api'.")
			.contains("Configured token clients: demo-api. Did you mean 'demo-api'?")
			.contains("Write @TokenClient(\"demo-api\")");
	}

	@Test
	void startWhenHttpServiceGroupNamedLikeClientThenFailsNamingTheClient() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(TokenStarterHttpServiceAutoConfiguration.class))
			.withPropertyValues(TWO_CLIENTS)
			.withUserConfiguration(MisnamedGroupConfiguration.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				TokenStarterConfigurationException failure = configurationFailure(context.getStartupFailure());
				assertThat(failure).hasMessage("HTTP service group 'Demo_API' is named like token client 'demo-api' "
						+ "but is not it, so its calls would get no tokens. Configured token clients: demo-api, "
						+ "memories. Did you mean 'demo-api'?");
				assertThat(failure.getAction()).startsWith("Name the group 'demo-api'");
			});
	}

	@Test
	void startWhenClientRegistrationIdNearlyAClientThenFailsNamingTheMethod() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(TokenStarterHttpServiceAutoConfiguration.class))
			.withPropertyValues(TWO_CLIENTS)
			.withUserConfiguration(TypoRegistrationIdConfiguration.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				TokenStarterConfigurationException failure = configurationFailure(context.getStartupFailure());
				assertThat(failure).hasMessageContaining("HTTP service group 'videos': " + TypoApi.class.getName()
						+ ".list() has @ClientRegistrationId(\"memorie\"), which is no token client.")
					.hasMessageEndingWith("Did you mean 'memories'?");
				assertThat(failure.getAction()).startsWith("Write @ClientRegistrationId(\"memories\")");
			});
	}

	@Test
	void startWhenClientRegistrationIdFarFromEveryClientThenStarts() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(TokenStarterHttpServiceAutoConfiguration.class))
			.withPropertyValues(TWO_CLIENTS)
			.withUserConfiguration(SpringRegistrationConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private FailureAnalysis analyze(Class<?> user, String... properties) {
		FailureAnalysis[] analysis = new FailureAnalysis[1];
		this.contextRunner.withPropertyValues(properties).withUserConfiguration(user).run((context) -> {
			assertThat(context).hasFailed();
			analysis[0] = new TokenClientBeanFailureAnalyzer(environment(properties))
				.analyze(context.getStartupFailure());
		});
		assertThat(analysis[0]).isNotNull();
		return analysis[0];
	}

	private static StandardEnvironment environment(String... properties) {
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, Object> map = new java.util.LinkedHashMap<>();
		for (String property : properties) {
			map.put(property.substring(0, property.indexOf('=')), property.substring(property.indexOf('=') + 1));
		}
		environment.getPropertySources().addFirst(new MapPropertySource("test", map));
		return environment;
	}

	private static TokenStarterConfigurationException configurationFailure(Throwable failure) {
		Throwable cause = failure;
		while (cause != null && !(cause instanceof TokenStarterConfigurationException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("configuration failure in %s", failure).isNotNull();
		return (TokenStarterConfigurationException) cause;
	}

	@Configuration(proxyBeanMethods = false)
	static class TokenClientUser {

		TokenClientUser(@TokenClient("demo_api") RestClient client) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class QualifierUser {

		@org.springframework.beans.factory.annotation.Autowired
		@Qualifier("billing")
		RestClient.Builder builder;

	}

	@Configuration(proxyBeanMethods = false)
	static class OtherQualifierUser {

		OtherQualifierUser(@Qualifier("demo_api") StringBuilder text) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(TokenStarterAutoConfiguration.class)
	@Import(TokenClientUser.class)
	static class TokenClientApplication {

	}

	@HttpExchange("/api")
	interface VideosApi {

		@GetExchange("/videos")
		String list();

	}

	@HttpExchange("/api")
	interface TypoApi {

		@GetExchange("/videos")
		@ClientRegistrationId("memorie")
		String list();

	}

	@HttpExchange("https://example.com/api")
	interface SpringRegistrationApi {

		@GetExchange("/videos")
		@ClientRegistrationId("github")
		String list();

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "Demo_API", types = VideosApi.class)
	static class MisnamedGroupConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "videos", types = TypoApi.class)
	static class TypoRegistrationIdConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "github", types = SpringRegistrationApi.class)
	static class SpringRegistrationConfiguration {

	}

}
