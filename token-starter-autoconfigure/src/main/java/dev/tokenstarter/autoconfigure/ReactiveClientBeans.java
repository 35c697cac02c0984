package dev.tokenstarter.autoconfigure;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The factory of the per-client WebClient and WebClient.Builder beans of {@link TokenClientBeansRegistrar},
 * the reactive twin of {@link ClientBeans}, in a class of its own so that applications without WebFlux
 * never load it.
 *
 * @author token-starter
 */
final class ReactiveClientBeans {

	/**
	 * Name of the bean of this class.
	 */
	static final String BEAN_NAME = "tokenStarterReactiveClientBeans";

	private final BeanFactory beanFactory;

	private final ApiHttpClients httpClients;

	ReactiveClientBeans(BeanFactory beanFactory, ClientBeans clientBeans) {
		Assert.notNull(beanFactory, "beanFactory cannot be null");
		Assert.notNull(clientBeans, "clientBeans cannot be null");
		this.beanFactory = beanFactory;
		this.httpClients = clientBeans.httpClients();
	}

	/**
	 * Return the definition of a client's WebClient bean.
	 */
	static RootBeanDefinition webClientDefinition(String id) {
		return TokenClientBeansRegistrar.factoryMethodDefinition(BEAN_NAME, "webClient", WebClient.class, id);
	}

	/**
	 * Return the definition of a client's prototype WebClient.Builder bean.
	 */
	static RootBeanDefinition webClientBuilderDefinition(String id) {
		return TokenClientBeansRegistrar.builderDefinition(TokenClientBeansRegistrar
			.factoryMethodDefinition(BEAN_NAME, "webClientBuilder", WebClient.Builder.class, id));
	}

	/**
	 * Return the WebClient of a client: its base URL, its tokens attached.
	 */
	WebClient webClient(String id) {
		return webClientBuilder(id).build();
	}

	/**
	 * Return a new WebClient.Builder configured as the client's WebClient. It starts from the
	 * application's WebClient.Builder when it has one; otherwise it calls the API through the JDK
	 * HttpClient with the client's connect and read time-outs.
	 */
	WebClient.Builder webClientBuilder(String id) {
		ClientBeans.clients(this.beanFactory, id);
		TokenStarterExchangeFilters filters = this.beanFactory.getBean(TokenStarterExchangeFilters.class);
		WebClient.Builder applicationBuilder = ClientBeans.applicationBuilder(this.beanFactory,
				WebClient.Builder.class);
		WebClient.Builder builder = (applicationBuilder != null) ? applicationBuilder.clone()
				: WebClient.builder().clientConnector(connector(id));
		String baseUrl = ClientBeans.baseUrl(this.beanFactory, id);
		if (baseUrl != null) {
			builder.baseUrl(baseUrl);
		}
		return builder.filter(filters.filter(id));
	}

	private JdkClientHttpConnector connector(String id) {
		TokenStarterProperties.Client client = ApiHttpClients.client(this.beanFactory, id);
		JdkClientHttpConnector connector = new JdkClientHttpConnector(
				this.httpClients.httpClient(client.getConnectTimeout()));
		connector.setReadTimeout(client.getReadTimeout());
		return connector;
	}

}
