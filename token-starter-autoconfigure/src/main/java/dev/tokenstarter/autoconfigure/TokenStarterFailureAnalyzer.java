package dev.tokenstarter.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Turns a {@link TokenStarterConfigurationException} into Spring Boot's "APPLICATION FAILED TO START"
 * report: the description says what is wrong with which key, and where that key was set when the
 * environment knows; the action says how to fix it. Property values are never shown, as they may be
 * secrets.
 *
 * @author token-starter
 */
final class TokenStarterFailureAnalyzer extends AbstractFailureAnalyzer<TokenStarterConfigurationException> {

	private final @Nullable Environment environment;

	TokenStarterFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TokenStarterConfigurationException cause) {
		StringBuilder description = new StringBuilder(cause.getMessage());
		description.append(String.format("%n%n    Property: %s", cause.getProperty()));
		Origin origin = origin(cause.getProperty());
		if (origin != null) {
			description.append(String.format("%n    Origin: %s", origin));
		}
		return new FailureAnalysis(description.toString(), cause.getAction(), cause);
	}

	/**
	 * Return where the property was set, or {@code null} when it was not set or its key is not a
	 * canonical property name (such as a map key with capitals).
	 */
	private @Nullable Origin origin(String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(property);
		if (name == null || !(this.environment instanceof ConfigurableEnvironment)) {
			return null;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty configured = source.getConfigurationProperty(name);
			if (configured != null) {
				return configured.getOrigin();
			}
		}
		return null;
	}

}
