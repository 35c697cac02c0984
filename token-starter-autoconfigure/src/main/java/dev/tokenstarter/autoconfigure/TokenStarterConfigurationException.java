package dev.tokenstarter.autoconfigure;

import org.springframework.util.Assert;

/**
 * A {@code token-starter.*} configuration cannot work. The message says what is wrong and names the full
 * property key, never a value that may be a secret; {@link #getProperty()} is that key and
 * {@link #getAction()} says how to fix it. {@link TokenStarterFailureAnalyzer} turns it into Spring
 * Boot's start-up failure report. Throw it, or a subclass of it, for any configuration error that
 * should be reported that way.
 *
 * @author token-starter
 * @see InvalidTokenClientConfigurationException
 */
public class TokenStarterConfigurationException extends RuntimeException {

	private final String property;

	private final String action;

	/**
	 * Create an exception.
	 * @param message what is wrong, naming the property key, such as
	 * {@code token-starter.store.encryption-key is not valid base64.}
	 * @param property the full property key, such as {@code token-starter.store.encryption-key}
	 * @param action how to fix it, such as {@code Set token-starter.store.encryption-key to ...}
	 */
	public TokenStarterConfigurationException(String message, String property, String action) {
		super(message);
		Assert.hasText(message, "message cannot be empty");
		Assert.hasText(property, "property cannot be empty");
		Assert.hasText(action, "action cannot be empty");
		this.property = property;
		this.action = action;
	}

	/**
	 * Return the full key of the property that is wrong.
	 * @return the property key
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return how to fix the configuration.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
