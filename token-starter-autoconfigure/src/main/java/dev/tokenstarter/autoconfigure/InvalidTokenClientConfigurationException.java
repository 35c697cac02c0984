package dev.tokenstarter.autoconfigure;

import org.springframework.util.Assert;

/**
 * A token client's configuration cannot work. The message names the client and the full property key,
 * never a value that may be a secret; {@link #getAction()} says how to fix it.
 *
 * @author token-starter
 */
public class InvalidTokenClientConfigurationException extends TokenStarterConfigurationException {

	private final String clientId;

	/**
	 * Create an exception.
	 * @param clientId the client's registration id
	 * @param property the full property key, such as
	 * {@code token-starter.clients.memories.token.uri}
	 * @param problem what is wrong, such as {@code must not be empty}
	 * @param action how to fix it
	 */
	public InvalidTokenClientConfigurationException(String clientId, String property, String problem, String action) {
		super("Token client '" + clientId + "': " + property + " " + problem + (problem.endsWith("?") ? "" : "."),
				property, action);
		Assert.hasText(clientId, "clientId cannot be empty");
		this.clientId = clientId;
	}

	/**
	 * Return the registration id of the client whose configuration is wrong.
	 * @return the client id
	 */
	public String getClientId() {
		return this.clientId;
	}

}
