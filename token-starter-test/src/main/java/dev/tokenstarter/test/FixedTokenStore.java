package dev.tokenstarter.test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.Assert;

import dev.tokenstarter.core.store.StoredToken;
import dev.tokenstarter.core.store.TokenStore;

/**
 * A {@link TokenStore} that gives chosen clients a fixed access token, whatever the principal, and leaves
 * the other clients to the store it wraps. A fixed token has no expiry, so its client never renews it;
 * what the client would save or remove for it is dropped, so the fixed token stays. Thread-safe once
 * configured.
 * <p>
 * {@link FixedToken} installs one around the application's store in Spring tests; elsewhere, give one to
 * the application as its {@code TokenStore} bean:
 *
 * <pre class="code">
 * new FixedTokenStore(new InMemoryTokenStore()).fix("mention-me", "test-token")
 * </pre>
 *
 * @author token-starter
 */
public final class FixedTokenStore implements TokenStore {

	private final TokenStore delegate;

	private final Map<String, StoredToken> fixed = new LinkedHashMap<>();

	/**
	 * Create a store that fixes no client yet.
	 * @param delegate the store of the other clients
	 */
	public FixedTokenStore(TokenStore delegate) {
		Assert.notNull(delegate, "delegate cannot be null");
		this.delegate = delegate;
	}

	/**
	 * Give a client a fixed bearer token without scopes.
	 * @param registrationId the client
	 * @param tokenValue the access token
	 * @return this store
	 */
	public FixedTokenStore fix(String registrationId, String tokenValue) {
		return fix(registrationId, tokenValue, Set.of());
	}

	/**
	 * Give a client a fixed bearer token.
	 * @param registrationId the client
	 * @param tokenValue the access token
	 * @param scopes the token's scopes
	 * @return this store
	 */
	public FixedTokenStore fix(String registrationId, String tokenValue, Set<String> scopes) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.hasText(tokenValue, "tokenValue cannot be empty");
		Assert.notNull(scopes, "scopes cannot be null");
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, tokenValue, null, null,
				scopes);
		synchronized (this.fixed) {
			this.fixed.put(registrationId, new StoredToken(token, null));
		}
		return this;
	}

	/**
	 * Return the clients with a fixed token.
	 * @return the client ids
	 */
	public Set<String> getFixedClients() {
		synchronized (this.fixed) {
			return Set.copyOf(this.fixed.keySet());
		}
	}

	/**
	 * Return the store of the other clients.
	 * @return the wrapped store
	 */
	public TokenStore getDelegate() {
		return this.delegate;
	}

	@Override
	public @Nullable StoredToken load(String registrationId, String principalName) {
		StoredToken token = fixedToken(registrationId);
		return (token != null) ? token : this.delegate.load(registrationId, principalName);
	}

	@Override
	public void save(String registrationId, String principalName, StoredToken token) {
		if (fixedToken(registrationId) == null) {
			this.delegate.save(registrationId, principalName, token);
		}
	}

	@Override
	public void remove(String registrationId, String principalName) {
		if (fixedToken(registrationId) == null) {
			this.delegate.remove(registrationId, principalName);
		}
	}

	private @Nullable StoredToken fixedToken(String registrationId) {
		synchronized (this.fixed) {
			return this.fixed.get(registrationId);
		}
	}

	@Override
	public String toString() {
		return "FixedTokenStore{fixedClients=" + getFixedClients() + ", delegate=" + this.delegate + "}";
	}

}
