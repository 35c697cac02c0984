package dev.tokenstarter.starter;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;

import dev.tokenstarter.autoconfigure.TokenStarterClients;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of what the starter brings to an application: its classpath is this module's test classpath,
 * which is the starter's dependencies plus the test libraries.
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenSpringBootStarterTests {

	/**
	 * A class of each optional library of token-starter-autoconfigure.
	 */
	private static final List<String> OPTIONAL_LIBRARIES = List.of(
			"org.springframework.web.reactive.function.client.WebClient", "reactor.core.publisher.Mono",
			"org.springframework.data.redis.connection.RedisConnectionFactory",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
			"io.lettuce.core.RedisClient", "org.springframework.jdbc.core.JdbcOperations",
			"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
			"org.springframework.web.servlet.function.RouterFunction",
			"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
			"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint",
			"org.springframework.boot.health.contributor.HealthIndicator",
			"io.micrometer.core.instrument.MeterRegistry");

	private static final Pattern WARN_OR_ERROR = Pattern.compile("\\b(WARN|ERROR)\\b");

	private final ClassLoader classLoader = getClass().getClassLoader();

	@Test
	void starterWhenAddedThenNoBootSecurityNoWebFluxAndNoReactorNetty() {
		assertThat(ClassUtils.isPresent("org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
				this.classLoader))
			.isFalse();
		assertThat(ClassUtils.isPresent("org.springframework.web.reactive.function.client.WebClient", this.classLoader))
			.isFalse();
		assertThat(ClassUtils.isPresent("reactor.netty.http.client.HttpClient", this.classLoader)).isFalse();
	}

	@Test
	void starterWhenServletApplicationWithEveryAutoConfigurationThenTokenBeansAndNoWebSecurity() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(autoConfigurations()))
			.withPropertyValues(memories())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(TokenStarterClients.class).ids()).containsExactly("memories");
				assertThat(context).getBean("memoriesRestClient").isInstanceOf(RestClient.class);
				assertThat(context).doesNotHaveBean("memoriesWebClient");
				assertThat(context).doesNotHaveBean(SecurityFilterChain.class);
				assertThat(context).doesNotHaveBean("springSecurityFilterChain");
			});
	}

	@Test
	void autoConfigurationsWhenReadReflectivelyWithoutOptionalLibrariesThenNoWarnOrError(CapturedOutput output) {
		assertThat(OPTIONAL_LIBRARIES).noneMatch((name) -> ClassUtils.isPresent(name, this.classLoader));
		AnnotationUtils.clearCache();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(autoConfigurations()))
			.withPropertyValues(memories())
			.run((context) -> assertThat(context).hasNotFailed().hasBean("memoriesRestClient"));
		assertThat(output.getAll()).doesNotContainPattern(WARN_OR_ERROR);
	}

	@Test
	void applicationWhenStartedWithoutOptionalLibrariesThenLogsNoWarnOrError(CapturedOutput output) {
		assertThat(OPTIONAL_LIBRARIES).noneMatch((name) -> ClassUtils.isPresent(name, this.classLoader));
		AnnotationUtils.clearCache();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.main(Application.class)
			.web(WebApplicationType.NONE)
			.run(List.of(memories()).stream().map((property) -> "--" + property).toArray(String[]::new))) {
			assertThat(context.getBean(TokenStarterClients.class).ids()).containsExactly("memories");
		}
		assertThat(output.getAll()).containsPattern("Started \\S*Application in")
			.doesNotContainPattern(WARN_OR_ERROR);
	}

	private Class<?>[] autoConfigurations() {
		List<Class<?>> autoConfigurations = ImportCandidates.load(AutoConfiguration.class, this.classLoader)
			.getCandidates()
			.stream()
			.<Class<?>>map((name) -> ClassUtils.resolveClassName(name, this.classLoader))
			.toList();
		assertThat(autoConfigurations).extracting(Class::getName)
			.contains("dev.tokenstarter.autoconfigure.TokenStarterAutoConfiguration");
		return autoConfigurations.toArray(Class<?>[]::new);
	}

	private static String[] memories() {
		return new String[] { "token-starter.clients.memories.client-id=memories-app",
				"token-starter.clients.memories.client-secret=secret",
				"token-starter.clients.memories.base-url=https://api.example.com",
				"token-starter.clients.memories.token.uri=https://api.example.com/oauth/token" };
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
