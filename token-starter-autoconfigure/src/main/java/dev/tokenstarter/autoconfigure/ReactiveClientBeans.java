package dev.tokenstarter.autoconfigure;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The WebClient and WebClient.Builder beans of {@link TokenClientBeansRegistrar}, in a class of their own
 * so that applications without WebFlux never load it.
 *
 * @author token-starter
 */
final class ReactiveClientBeans {

	private ReactiveClientBeans() {
	}

	static RootBeanDefinition webClientDefinition(BeanFactory beanFactory, ApiHttpClients httpClients, String id) {
		return new RootBeanDefinition(WebClient.class, () -> webClientBuilder(beanFactory, httpClients, id).build());
	}

	static RootBeanDefinition webClientBuilderDefinition(BeanFactory beanFactory, ApiHttpClients httpClients,
			String id) {
		return TokenClientBeansRegistrar.builderDefinition(WebClient.Builder.class,
				() -> webClientBuilder(beanFactory, httpClients, id));
	}

	private static WebClient.Builder webClientBuilder(BeanFactory beanFactory, ApiHttpClients httpClients,
			String id) {
		TokenStarterExchangeFilters filters = beanFactory.getBean(TokenStarterExchangeFilters.class);
		WebClient.Builder applicationBuilder = TokenClientBeansRegistrar.applicationBuilder(beanFactory,
				WebClient.Builder.class);
		WebClient.Builder builder = (applicationBuilder != null) ? applicationBuilder.clone()
				: WebClient.builder().clientConnector(connector(beanFactory, httpClients, id));
		String baseUrl = TokenClientBeansRegistrar.baseUrl(beanFactory, id);
		if (baseUrl != null) {
			builder.baseUrl(baseUrl);
		}
		return builder.filter(filters.filter(id));
	}

	private static JdkClientHttpConnector connector(BeanFactory beanFactory, ApiHttpClients httpClients, String id) {
		TokenStarterProperties.Client client = ApiHttpClients.client(beanFactory, id);
		JdkClientHttpConnector connector = new JdkClientHttpConnector(httpClients.httpClient(client.getConnectTimeout()));
		connector.setReadTimeout(client.getReadTimeout());
		return connector;
	}

}
