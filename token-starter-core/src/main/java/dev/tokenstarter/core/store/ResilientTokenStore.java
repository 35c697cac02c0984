package dev.tokenstarter.core.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A shared {@link TokenStore} (database, Redis) backed by an in-memory one: every token is also kept in
 * memory, so while the shared store cannot be reached token-starter keeps working on what it has, and
 * tokens saved meanwhile are written to the shared store once it answers again, unless another instance
 * stored a newer token meanwhile.
 *
 * @author token-starter
 */
public final class ResilientTokenStore implements TokenStore {

	private static final Log logger = LogFactory.getLog(ResilientTokenStore.class);

	private final TokenStore shared;

	private final TokenStore local;

	private final SharedStoreStatus status;

	private final Map<String, String[]> unsaved = new ConcurrentHashMap<>();

	public ResilientTokenStore(TokenStore shared, TokenStore local, SharedStoreStatus status) {
		Assert.notNull(shared, "shared cannot be null");
		Assert.notNull(local, "local cannot be null");
		Assert.notNull(status, "status cannot be null");
		this.shared = shared;
		this.local = local;
		this.status = status;
	}

	@Override
	public @Nullable StoredToken load(String registrationId, String principalName) {
		if (this.status.shouldTry()) {
			try {
				writeBack();
				StoredToken token = this.shared.load(registrationId, principalName);
				this.status.succeeded();
				if (token != null) {
					this.local.save(registrationId, principalName, token);
					return token;
				}
			}
			catch (RuntimeException ex) {
				this.status.failed(ex);
			}
		}
		return this.local.load(registrationId, principalName);
	}

	@Override
	public void save(String registrationId, String principalName, StoredToken token) {
		this.local.save(registrationId, principalName, token);
		String key = registrationId + '\u0000' + principalName;
		if (this.status.shouldTry()) {
			try {
				this.shared.save(registrationId, principalName, token);
				this.unsaved.remove(key);
				writeBack();
				this.status.succeeded();
				return;
			}
			catch (RuntimeException ex) {
				this.status.failed(ex);
			}
		}
		this.unsaved.put(key, new String[] { registrationId, principalName });
	}

	@Override
	public void remove(String registrationId, String principalName) {
		this.local.remove(registrationId, principalName);
		this.unsaved.remove(registrationId + '\u0000' + principalName);
		if (this.status.shouldTry()) {
			try {
				this.shared.remove(registrationId, principalName);
				writeBack();
				this.status.succeeded();
			}
			catch (RuntimeException ex) {
				this.status.failed(ex);
			}
		}
	}

	/**
	 * Return the status of the shared store.
	 * @return the status
	 */
	public SharedStoreStatus getStatus() {
		return this.status;
	}

	/**
	 * Write the tokens saved while the shared store could not be reached, before anything is read from
	 * it: the store may be back without this class having seen it fail, and a read must not bring back
	 * the token that was replaced during the outage. A token is written back only if it is newer than the
	 * one in the shared store, since another instance may have renewed meanwhile: the load that follows
	 * then brings the newer token into memory.
	 */
	private void writeBack() {
		for (Map.Entry<String, String[]> entry : this.unsaved.entrySet()) {
			String[] key = entry.getValue();
			StoredToken token = this.local.load(key[0], key[1]);
			if (token != null && !this.shared.saveIfNewer(key[0], key[1], token)) {
				logger.debug("Token of client '" + key[0] + "' kept while the shared store could not be reached "
						+ "was not written back: the shared store holds a newer one");
			}
			this.unsaved.remove(entry.getKey(), key);
		}
	}

}
