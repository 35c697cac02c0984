package dev.tokenstarter.autoconfigure;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * The factory of the per-client {@link RestClient} and {@link RestClient.Builder} beans that
 * {@link TokenClientBeansRegistrar} defines. Each of those bean definitions names this bean, one of its
 * methods and the client id as argument: a definition the AOT engine can write code for, where a bean
 * instance supplier would stop it.
 *
 * @author token-starter
 */
final class ClientBeans {

	/**
	 * Name of the bean of this class.
	 */
	static final String BEAN_NAME = "tokenStarterClientBeans";

	private final BeanFactory beanFactory;

	private final ApiHttpClients httpClients = new ApiHttpClients();

	ClientBeans(BeanFactory beanFactory) {
		Assert.notNull(beanFactory, "beanFactory cannot be null");
		this.beanFactory = beanFactory;
	}

	/**
	 * Return the RestClient of a client: its base URL, its tokens attached.
	 */
	RestClient restClient(String id) {
		return restClientBuilder(id).build();
	}

	/**
	 * Return a new RestClient.Builder configured as the client's RestClient. It starts from the
	 * application's RestClient.Builder when it has one; otherwise it calls the API through the JDK
	 * HttpClient with the client's connect and read time-outs.
	 */
	RestClient.Builder restClientBuilder(String id) {
		TokenStarterClients clients = clients(this.beanFactory, id);
		RestClient.Builder applicationBuilder = applicationBuilder(this.beanFactory, RestClient.Builder.class);
		RestClient.Builder builder = (applicationBuilder != null) ? applicationBuilder.clone()
				: RestClient.builder().requestFactory(this.httpClients.requestFactory(this.beanFactory, id));
		String baseUrl = baseUrl(this.beanFactory, id);
		if (baseUrl != null) {
			builder.baseUrl(baseUrl);
		}
		return builder.requestInterceptor(clients.interceptor(id));
	}

	/**
	 * Return the HttpClients of the API beans built from scratch, shared with the WebClient beans.
	 */
	ApiHttpClients httpClients() {
		return this.httpClients;
	}

	/**
	 * Return the token clients, which must include the given one. Only an AOT-processed application can
	 * define beans of a client it does not have: those of the clients configured when it was processed.
	 */
	static TokenStarterClients clients(BeanFactory beanFactory, String id) {
		TokenStarterClients clients = beanFactory.getBean(TokenStarterClients.class);
		if (!clients.ids().contains(id)) {
			throw new IllegalStateException("Token client '" + id + "' has API client beans but no configuration "
					+ "under token-starter.clients." + id + ": the application was processed ahead of time (AOT) "
					+ "with that client, so its beans are fixed at build time. Configure token-starter.clients."
					+ id + " at run time, or run process-aot again with the clients the application has.");
		}
		return clients;
	}

	/**
	 * Return the application's unique builder of the given type, or {@code null} when it has none. The
	 * per-client builders, which are not default candidates, never count.
	 */
	static <B> @Nullable B applicationBuilder(BeanFactory beanFactory, Class<B> type) {
		if (beanFactory instanceof ConfigurableListableBeanFactory listable && Arrays
			.stream(listable.getBeanNamesForType(type))
			.noneMatch((name) -> isDefaultCandidate(listable, name))) {
			return null;
		}
		return beanFactory.getBeanProvider(type).getIfUnique();
	}

	private static boolean isDefaultCandidate(ConfigurableListableBeanFactory beanFactory, String name) {
		return !beanFactory.containsBeanDefinition(name)
				|| !(beanFactory.getMergedBeanDefinition(name) instanceof AbstractBeanDefinition definition)
				|| definition.isDefaultCandidate();
	}

	/**
	 * Return the base URL of a client's API beans, or {@code null} when it has none.
	 */
	static @Nullable String baseUrl(BeanFactory beanFactory, String id) {
		TokenStarterProperties.Client client = beanFactory.getBean(TokenStarterProperties.class).getClients().get(id);
		return (client != null && StringUtils.hasText(client.getBaseUrl())) ? client.getBaseUrl().trim() : null;
	}

}
