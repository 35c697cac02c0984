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
	 * Store the token of a client unless the store holds a newer one, so that a token kept while the
	 * store could not be reached never replaces one that another instance stored meanwhile. Stores shared
	 * by a fleet compare and write in one atomic step; this default compares with
	 * {@link StoredToken#isNewerThan}, then writes. When the tokens do not tell which is newer, the token
	 * is written.
	 * @param registrationId the client
	 * @param principalName the principal
	 * @param token the token
	 * @return whether the token was written
	 */
	default boolean saveIfNewer(String registrationId, String principalName, StoredToken token) {
		StoredToken current = load(registrationId, principalName);
		if (current != null && current.isNewerThan(token)) {
			return false;
		}
		save(registrationId, principalName, token);
		return true;
	}

	/**
	 * Remove the token of a client.
	 * @param registrationId the client
	 * @param principalName the principal
	 */
	void remove(String registrationId, String principalName);

}
