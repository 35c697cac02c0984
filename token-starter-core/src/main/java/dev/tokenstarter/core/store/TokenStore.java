package dev.tokenstarter.core.store;

import org.jspecify.annotations.Nullable;

/**
 * Where tokens are kept between renewals, by client and principal. token-starter uses one fixed
 * application principal per client, so a store holds one entry per client. Implementations must be
 * thread-safe.
 *
 * @author token-starter
 * @see InMemoryTokenStore
 */
public interface TokenStore {

	/**
	 * Return the stored token of a client.
	 * @param registrationId the client
	 * @param principalName the principal
	 * @return the token, or {@code null} when none is stored
	 */
	@Nullable StoredToken load(String registrationId, String principalName);

	/**
	 * Store the token of a client, replacing any other.
	 * @param registrationId the client
	 * @param principalName the principal
	 * @param token the token
	 */
	void save(String registrationId, String principalName, StoredToken token);

	/**
	 * Remove the token of a client.
	 * @param registrationId the client
	 * @param principalName the principal
	 */
	void remove(String registrationId, String principalName);

}
