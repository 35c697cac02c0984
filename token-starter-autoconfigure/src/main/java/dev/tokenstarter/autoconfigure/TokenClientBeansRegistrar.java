package dev.tokenstarter.autoconfigure;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * Registers, for each client under {@code token-starter.clients}, a {@link RestClient} bean named
 * {@code <camelCaseId>RestClient} and, when WebFlux is present, a WebClient bean named
 * {@code <camelCaseId>WebClient}; both carry the client id as qualifier, have the client's base URL and
 * attach its tokens. They start from the application's RestClient.Builder or WebClient.Builder when it
 * has one. A bean of the same name that the application defines wins.
 *
 * @author token-starter
 */
final class TokenClientBeansRegistrar
		implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware, BeanClassLoaderAware {

	private static final String WEB_CLIENT = "org.springframework.web.reactive.function.client.WebClient";

	private static final String MONO = "reactor.core.publisher.Mono";

	private @Nullable Environment environment;

	private @Nullable BeanFactory beanFactory;

	private @Nullable ClassLoader classLoader;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Assert.state(this.environment != null && this.beanFactory != null, "environment and bean factory are needed");
		BeanFactory factory = this.beanFactory;
		boolean reactive = isReactivePresent(this.classLoader);
		for (String id : clientIds(this.environment)) {
			register(registry, beanName(id, "RestClient"),
					new RootBeanDefinition(RestClient.class, () -> restClient(factory, id)), id);
			if (reactive) {
				register(registry, beanName(id, "WebClient"), ReactiveClientBeans.webClientDefinition(factory, id), id);
			}
		}
	}

	private static Set<String> clientIds(Environment environment) {
		return Binder.get(environment)
			.bind("token-starter.clients", Bindable.mapOf(String.class, Object.class))
			.map(Map::keySet)
			.orElse(Set.of());
	}

	private static void register(BeanDefinitionRegistry registry, String name, RootBeanDefinition definition,
			String id) {
		if (registry.isBeanNameInUse(name)) {
			return;
		}
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, id));
		registry.registerBeanDefinition(name, definition);
	}

	private static RestClient restClient(BeanFactory beanFactory, String id) {
		TokenStarterClients clients = beanFactory.getBean(TokenStarterClients.class);
		RestClient.Builder builder = beanFactory.getBeanProvider(RestClient.Builder.class)
			.getIfUnique(RestClient::builder)
			.clone();
		String baseUrl = baseUrl(beanFactory, id);
		if (baseUrl != null) {
			builder.baseUrl(baseUrl);
		}
		return builder.requestInterceptor(clients.interceptor(id)).build();
	}

	/**
	 * Return the base URL of a client's API beans, or {@code null} when it has none.
	 */
	static @Nullable String baseUrl(BeanFactory beanFactory, String id) {
		TokenStarterProperties.Client client = beanFactory.getBean(TokenStarterProperties.class).getClients().get(id);
		return (client != null && StringUtils.hasText(client.getBaseUrl())) ? client.getBaseUrl().trim() : null;
	}

	/**
	 * Return the bean name for a client id: {@code tokens-make} and {@code RestClient} give
	 * {@code tokensMakeRestClient}.
	 */
	static String beanName(String id, String suffix) {
		StringBuilder name = new StringBuilder();
		boolean upper = false;
		for (char c : id.toCharArray()) {
			if (!Character.isLetterOrDigit(c)) {
				upper = name.length() > 0;
			}
			else {
				name.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return name + suffix;
	}

	static boolean isReactivePresent(@Nullable ClassLoader classLoader) {
		return ClassUtils.isPresent(WEB_CLIENT, classLoader) && ClassUtils.isPresent(MONO, classLoader);
	}

}
