package dev.tokenstarter.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
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
 * <p>
 * Each bean is defined by a factory method of {@link ClientBeans} or {@link ReactiveClientBeans} with the
 * client id as argument, never by an instance supplier, so that Spring's AOT engine writes code for it.
 * In an AOT-processed application the registrar does not run again: the per-client beans are those of
 * the clients configured when {@code process-aot} ran.
 *
 * @author token-starter
 */
final class TokenClientBeansRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanClassLoaderAware {

	/**
	 * Types whose presence tells that WebClient beans can be built.
	 */
	static final List<String> REACTIVE_TYPES = List.of("org.springframework.web.reactive.function.client.WebClient",
			"reactor.core.publisher.Mono");

	private static final String QUALIFIER_TYPE = TokenClientBeansRegistrar.class.getName() + ".qualifierType";

	private @Nullable Environment environment;

	private @Nullable ClassLoader classLoader;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Assert.state(this.environment != null, "environment is needed");
		Set<String> ids = clientIds(this.environment);
		if (ids.isEmpty()) {
			return;
		}
		boolean reactive = isReactivePresent(this.classLoader);
		registerFactory(registry, ClientBeans.BEAN_NAME, ClientBeans.class);
		if (reactive) {
			registerFactory(registry, ReactiveClientBeans.BEAN_NAME, ReactiveClientBeans.class);
		}
		for (String id : ids) {
			register(registry, beanName(id, "RestClient"),
					factoryMethodDefinition(ClientBeans.BEAN_NAME, "restClient", RestClient.class, id), id);
			register(registry, beanName(id, "RestClientBuilder"), builderDefinition(factoryMethodDefinition(
					ClientBeans.BEAN_NAME, "restClientBuilder", RestClient.Builder.class, id)), id);
			if (reactive) {
				register(registry, beanName(id, "WebClient"), ReactiveClientBeans.webClientDefinition(id), id);
				register(registry, beanName(id, "WebClientBuilder"), ReactiveClientBeans.webClientBuilderDefinition(id),
						id);
			}
		}
	}

	private static Set<String> clientIds(Environment environment) {
		return Binder.get(environment)
			.bind("token-starter.clients", Bindable.mapOf(String.class, Object.class))
			.map(Map::keySet)
			.orElse(Set.of());
	}

	private static void registerFactory(BeanDefinitionRegistry registry, String name, Class<?> type) {
		if (registry.containsBeanDefinition(name)) {
			return;
		}
		RootBeanDefinition definition = new RootBeanDefinition(type);
		definition.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
		definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
		registry.registerBeanDefinition(name, definition);
	}

	private static void register(BeanDefinitionRegistry registry, String name, RootBeanDefinition definition,
			String id) {
		if (registry.isBeanNameInUse(name)) {
			return;
		}
		definition.addQualifier(qualifier(Qualifier.class, id));
		definition.addQualifier(qualifier(TokenClient.class, id));
		registry.registerBeanDefinition(name, definition);
	}

	/**
	 * Return a qualifier that also carries its type name as attribute. Qualifiers are equal when their
	 * attributes are, whatever their types, so that {@code @Qualifier("x")} and {@code @TokenClient("x")}
	 * would be one in the set the AOT engine writes code for, and the second would be lost.
	 */
	private static AutowireCandidateQualifier qualifier(Class<?> type, String id) {
		AutowireCandidateQualifier qualifier = new AutowireCandidateQualifier(type, id);
		qualifier.setAttribute(QUALIFIER_TYPE, type.getName());
		return qualifier;
	}

	/**
	 * Return the definition of a bean made by a method of a factory bean from a client id.
	 */
	static RootBeanDefinition factoryMethodDefinition(String factoryBeanName, String factoryMethodName,
			Class<?> type, String id) {
		RootBeanDefinition definition = new RootBeanDefinition();
		definition.setFactoryBeanName(factoryBeanName);
		definition.setFactoryMethodName(factoryMethodName);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, id);
		definition.setTargetType(type);
		return definition;
	}

	/**
	 * Turn a definition into that of a per-client builder: a fresh instance for each injection point, and
	 * not a default candidate, so that it is injected only where a qualifier names it and is ignored by
	 * {@code @ConditionalOnMissingBean}.
	 */
	static RootBeanDefinition builderDefinition(RootBeanDefinition definition) {
		definition.setScope(BeanDefinition.SCOPE_PROTOTYPE);
		definition.setDefaultCandidate(false);
		return definition;
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
		return REACTIVE_TYPES.stream().allMatch((type) -> ClassUtils.isPresent(type, classLoader));
	}

}
