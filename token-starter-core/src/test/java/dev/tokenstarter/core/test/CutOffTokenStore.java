package dev.tokenstarter.core.test;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;

import dev.tokenstarter.core.store.StoredToken;
import dev.tokenstarter.core.store.TokenStore;

/**
 * A real shared {@link TokenStore} seen through a network that can be cut: while cut off, every call
 * fails as a store that cannot be reached does, and the store itself goes on serving the others.
 *
 * @author token-starter
 */
public final class CutOffTokenStore implements TokenStore {

	private final TokenStore store;

	private volatile boolean cutOff;

	public CutOffTokenStore(TokenStore store) {
		this.store = store;
	}

	/**
	 * Cut this instance off from the store, or bring it back.
	 * @param cutOff whether calls fail
	 */
	public void setCutOff(boolean cutOff) {
		this.cutOff = cutOff;
	}

	@Override
	public @Nullable StoredToken load(String registrationId, String principalName) {
		check();
		return this.store.load(registrationId, principalName);
	}

	@Override
	public void save(String registrationId, String principalName, StoredToken token) {
		check();
		this.store.save(registrationId, principalName, token);
	}

	@Override
	public boolean saveIfNewer(String registrationId, String principalName, StoredToken token) {
		check();
		return this.store.saveIfNewer(registrationId, principalName, token);
	}

	@Override
	public void remove(String registrationId, String principalName) {
		check();
		this.store.remove(registrationId, principalName);
	}

	private void check() {
		if (this.cutOff) {
			throw new DataAccessResourceFailureException("cut off from the shared store");
		}
	}

}
