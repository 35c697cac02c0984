package dev.tokenstarter.autoconfigure;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
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

import dev.tokenstarter.annotation.TokenClient;

/**
 * Registers, for each client under {@code token-starter.clients}, a {@link RestClient} bean named
 * {@code <camelCaseId>RestClient} and a prototype {@link RestClient.Builder} bean named
 * {@code <camelCaseId>RestClientBuilder}; when WebFlux is present, also a WebClient bean named
 * {@code <camelCaseId>WebClient} and a prototype WebClient.Builder bean named
 * {@code <camelCaseId>WebClientBuilder}. All carry the client id as {@link Qualifier} and as
 * {@link TokenClient}, have the client's base URL and attach its tokens. They start from the
 * application's RestClient.Builder or WebClient.Builder when it has one; otherwise they call the API
 * through the JDK HttpClient with the client's connect and read time-outs. The builders are injected
 * only where a qualifier asks for them, so that an application's own builder stays the one injected
 * by type. A bean of the same name that the application defines wins.
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
		ApiHttpClients httpClients = new ApiHttpClients();
		boolean reactive = isReactivePresent(this.classLoader);
		for (String id : clientIds(this.environment)) {
			register(registry, beanName(id, "RestClient"),
					new RootBeanDefinition(RestClient.class, () -> restClientBuilder(factory, httpClients, id).build()),
					id);
			register(registry, beanName(id, "RestClientBuilder"),
					builderDefinition(RestClient.Builder.class, () -> restClientBuilder(factory, httpClients, id)), id);
			if (reactive) {
				register(registry, beanName(id, "WebClient"),
						ReactiveClientBeans.webClientDefinition(factory, httpClients, id), id);
				register(registry, beanName(id, "WebClientBuilder"),
						ReactiveClientBeans.webClientBuilderDefinition(factory, httpClients, id), id);
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
		definition.addQualifier(new AutowireCandidateQualifier(TokenClient.class, id));
		registry.registerBeanDefinition(name, definition);
	}

	/**
	 * Return the definition of a per-client builder: a fresh instance for each injection point, and not
	 * a default candidate, so that it is injected only where a qualifier names it and is ignored by
	 * {@code @ConditionalOnMissingBean}.
	 */
	static <T> RootBeanDefinition builderDefinition(Class<T> type, Supplier<T> supplier) {
		RootBeanDefinition definition = new RootBeanDefinition(type, supplier);
		definition.setScope(BeanDefinition.SCOPE_PROTOTYPE);
		definition.setDefaultCandidate(false);
		return definition;
	}

	private static RestClient.Builder restClientBuilder(BeanFactory beanFactory, ApiHttpClients httpClients,
			String id) {
		TokenStarterClients clients = beanFactory.getBean(TokenStarterClients.class);
		RestClient.Builder applicationBuilder = applicationBuilder(beanFactory, RestClient.Builder.class);
		RestClient.Builder builder = (applicationBuilder != null) ? applicationBuilder.clone()
				: RestClient.builder().requestFactory(httpClients.requestFactory(beanFactory, id));
		String baseUrl = baseUrl(beanFactory, id);
		if (baseUrl != null) {
			builder.baseUrl(baseUrl);
		}
		return builder.requestInterceptor(clients.interceptor(id));
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
