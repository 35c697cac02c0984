package dev.tokenstarter.autoconfigure;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The WebClient beans of {@link TokenClientBeansRegistrar}, in a class of their own so that
 * applications without WebFlux never load it.
 *
 * @author token-starter
 */
final class ReactiveClientBeans {

	private ReactiveClientBeans() {
	}

	static RootBeanDefinition webClientDefinition(BeanFactory beanFactory, String id) {
		return new RootBeanDefinition(WebClient.class, () -> webClient(beanFactory, id));
	}

	private static WebClient webClient(BeanFactory beanFactory, String id) {
		TokenStarterExchangeFilters filters = beanFactory.getBean(TokenStarterExchangeFilters.class);
		WebClient.Builder builder = beanFactory.getBeanProvider(WebClient.Builder.class)
			.getIfUnique(WebClient::builder)
			.clone();
		String baseUrl = TokenClientBeansRegistrar.baseUrl(beanFactory, id);
		if (baseUrl != null) {
			builder.baseUrl(baseUrl);
		}
		return builder.filter(filters.filter(id)).build();
	}

}
