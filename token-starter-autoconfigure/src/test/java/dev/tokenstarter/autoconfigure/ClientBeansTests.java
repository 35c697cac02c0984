package dev.tokenstarter.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClientBeans} and {@link ReactiveClientBeans}, the factories of the per-client beans.
 */
class ClientBeansTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenStarterAutoConfiguration.class))
		.withPropertyValues("token-starter.clients.memories.token.uri=https://api.example.com/token");

	@Test
	void restClientWhenClientOnlyInBuildTimeDefinitionsThenStartupFailsNamingClientAndKey() {
		this.contextRunner
			.withInitializer((context) -> ((GenericApplicationContext) context).registerBeanDefinition(
					"goneRestClient",
					TokenClientBeansRegistrar.factoryMethodDefinition(ClientBeans.BEAN_NAME, "restClient",
							RestClient.class, "gone")))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("Token client 'gone'")
				.hasMessageContaining("token-starter.clients.gone")
				.hasMessageContaining("process-aot"));
	}

	@Test
	void webClientWhenClientOnlyInBuildTimeDefinitionsThenStartupFailsNamingClientAndKey() {
		this.contextRunner
			.withInitializer((context) -> ((GenericApplicationContext) context)
				.registerBeanDefinition("goneWebClient", ReactiveClientBeans.webClientDefinition("gone")))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("Token client 'gone'")
				.hasMessageContaining("token-starter.clients.gone"));
	}

	@Test
	void restClientWhenClientConfiguredThenSharesHttpClientsWithWebClients() {
		this.contextRunner.run((context) -> {
			ClientBeans clientBeans = context.getBean(ClientBeans.BEAN_NAME, ClientBeans.class);
			assertThat(context.getBean("memoriesRestClient")).isInstanceOf(RestClient.class);
			assertThat(context.getBean(ReactiveClientBeans.BEAN_NAME, ReactiveClientBeans.class))
				.extracting("httpClients")
				.isSameAs(clientBeans.httpClients());
		});
	}

}
