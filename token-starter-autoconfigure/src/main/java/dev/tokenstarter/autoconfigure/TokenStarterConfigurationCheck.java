package dev.tokenstarter.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.Assert;

/**
 * Checks the {@code token-starter.*} configuration before any bean is created, so that a mistake fails
 * start-up with its key named rather than a token request later: a value with an unresolved placeholder
 * ({@link UnresolvedPlaceholders}) always fails; an unknown key or settings that contradict each other
 * ({@link StrictConfiguration}) fail unless {@code token-starter.strict-configuration} is false, in which
 * case they are logged in one WARN line. The first failure is thrown; the others follow in its message.
 *
 * @author token-starter
 */
final class TokenStarterConfigurationCheck implements BeanFactoryPostProcessor, EnvironmentAware, Ordered {

	static final String STRICT = TokenStarterKeys.PREFIX + ".strict-configuration";

	private static final Log logger = LogFactory.getLog(TokenStarterConfigurationCheck.class);

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		Assert.state(this.environment != null, "environment is needed");
		check(this.environment);
	}

	/**
	 * Check the configuration of an environment.
	 * @param environment the environment
	 * @throws TokenStarterConfigurationException when the configuration is wrong
	 */
	static void check(Environment environment) {
		failIfAny(new UnresolvedPlaceholders(environment).failures());
		List<TokenStarterConfigurationException> strict = new StrictConfiguration(environment).failures();
		if (strict.isEmpty()) {
			return;
		}
		boolean enabled = Binder.get(environment).bind(STRICT, Boolean.class).orElse(true);
		if (enabled) {
			failIfAny(strict);
		}
		else if (logger.isWarnEnabled()) {
			logger.warn("Ignoring token-starter configuration (" + STRICT + "=false): " + strict.stream()
				.map(RuntimeException::getMessage)
				.collect(Collectors.joining(" ")));
		}
	}

	private static void failIfAny(List<TokenStarterConfigurationException> failures) {
		if (failures.isEmpty()) {
			return;
		}
		TokenStarterConfigurationException first = failures.get(0);
		if (failures.size() == 1) {
			throw first;
		}
		String others = failures.subList(1, failures.size())
			.stream()
			.map((failure) -> String.format("%n    - %s", failure.getMessage()))
			.collect(Collectors.joining());
		TokenStarterConfigurationException all = new TokenStarterConfigurationException(
				first.getMessage() + String.format("%n%nAlso:") + others, first.getProperty(), first.getAction());
		throw all;
	}

}
