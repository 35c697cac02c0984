package dev.tokenstarter.starter;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;

import dev.tokenstarter.autoconfigure.TokenStarterClients;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of what the starter brings to an application: its classpath is this module's test classpath,
 * which is the starter's dependencies plus the test libraries.
 */
class TokenSpringBootStarterTests {

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
		List<Class<?>> autoConfigurations = ImportCandidates.load(AutoConfiguration.class, this.classLoader)
			.getCandidates()
			.stream()
			.<Class<?>>map((name) -> ClassUtils.resolveClassName(name, this.classLoader))
			.toList();
		assertThat(autoConfigurations).extracting(Class::getName)
			.contains("dev.tokenstarter.autoconfigure.TokenStarterAutoConfiguration");
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(autoConfigurations.toArray(Class<?>[]::new)))
			.withPropertyValues("token-starter.clients.memories.client-id=memories-app",
					"token-starter.clients.memories.client-secret=secret",
					"token-starter.clients.memories.base-url=https://api.example.com",
					"token-starter.clients.memories.token.uri=https://api.example.com/oauth/token")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(TokenStarterClients.class).ids()).containsExactly("memories");
				assertThat(context).getBean("memoriesRestClient").isInstanceOf(RestClient.class);
				assertThat(context).doesNotHaveBean("memoriesWebClient");
				assertThat(context).doesNotHaveBean(SecurityFilterChain.class);
				assertThat(context).doesNotHaveBean("springSecurityFilterChain");
			});
	}

}
