package dev.tokenstarter.test;

import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.Assert;

import dev.tokenstarter.core.store.TokenStore;

/**
 * Installs fixed tokens in a test's application context: every {@link TokenStore} bean is wrapped by a
 * {@link FixedTokenStore} holding them. Two test classes with the same fixed tokens share a cached
 * context.
 *
 * @author token-starter
 */
final class FixedTokenContextCustomizer implements ContextCustomizer {

	static final String POST_PROCESSOR_NAME = "dev.tokenstarter.test.fixedTokenStorePostProcessor";

	private final Map<String, Token> tokens;

	FixedTokenContextCustomizer(Map<String, Token> tokens) {
		Assert.notEmpty(tokens, "tokens cannot be empty");
		this.tokens = Map.copyOf(tokens);
	}

	Map<String, Token> getTokens() {
		return this.tokens;
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		if (!(context.getBeanFactory() instanceof BeanDefinitionRegistry registry)) {
			throw new IllegalStateException("@FixedToken needs a context whose bean factory is a "
					+ "BeanDefinitionRegistry, not " + context.getBeanFactory().getClass().getName());
		}
		RootBeanDefinition definition = new RootBeanDefinition(FixedTokenStorePostProcessor.class);
		definition.setRole(RootBeanDefinition.ROLE_INFRASTRUCTURE);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, this.tokens);
		registry.registerBeanDefinition(POST_PROCESSOR_NAME, definition);
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof FixedTokenContextCustomizer customizer) && this.tokens.equals(customizer.tokens);
	}

	@Override
	public int hashCode() {
		return this.tokens.hashCode();
	}

	@Override
	public String toString() {
		return "FixedTokenContextCustomizer{clients=" + this.tokens.keySet() + "}";
	}

	/**
	 * A fixed token of one client; {@link #toString()} leaves the value out.
	 *
	 * @param value the access token
	 * @param scopes its scopes
	 */
	record Token(String value, Set<String> scopes) {

		@Override
		public String toString() {
			return "Token{scopes=" + this.scopes + "}";
		}

	}

	/**
	 * Wraps each token store bean in a {@link FixedTokenStore}.
	 */
	static final class FixedTokenStorePostProcessor implements BeanPostProcessor {

		private final Map<String, Token> tokens;

		FixedTokenStorePostProcessor(Map<String, Token> tokens) {
			this.tokens = tokens;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (!(bean instanceof TokenStore store) || bean instanceof FixedTokenStore) {
				return bean;
			}
			FixedTokenStore fixed = new FixedTokenStore(store);
			this.tokens.forEach((client, token) -> fixed.fix(client, token.value(), token.scopes()));
			return fixed;
		}

	}

}
