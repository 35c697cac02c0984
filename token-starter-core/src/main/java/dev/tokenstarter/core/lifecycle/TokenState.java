package dev.tokenstarter.core.lifecycle;

import java.time.Instant;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import dev.tokenstarter.core.definition.LifecycleSpec;

/**
 * The token a client holds, with the two moments that matter precomputed in epoch milliseconds: when a
 * renewal starts ahead of expiry and when the token may no longer be used.
 *
 * @author token-starter
 */
final class TokenState {

	/**
	 * Largest share of a token's lifetime that the default policy renews ahead of expiry, so that a short
	 * token is renewed after four fifths of its life, not at once.
	 */
	static final double MAX_MARGIN_SHARE = 0.2;

	final OAuth2AuthorizedClient client;

	final OAuth2AccessToken token;

	final long renewAt;

	final long expireAt;

	private TokenState(OAuth2AuthorizedClient client, long renewAt, long expireAt) {
		this.client = client;
		this.token = client.getAccessToken();
		this.renewAt = renewAt;
		this.expireAt = expireAt;
	}

	/**
	 * Return the state of a new token. The clock skew is capped to a share of the token's lifetime; the
	 * renewal starts after the configured ratio of the lifetime or, by default, the lead before the token
	 * becomes unusable, with the skew and the lead together taking at most {@value #MAX_MARGIN_SHARE} of
	 * the lifetime; a configured window brings it forward.
	 * @param client the authorized client holding the token
	 * @param spec the lifecycle settings
	 * @param now when the token was received, its issue time when it does not say
	 * @param leadMillis how long a renewal may take, in milliseconds
	 * @return the state
	 */
	static TokenState of(OAuth2AuthorizedClient client, LifecycleSpec spec, Instant now, long leadMillis) {
		OAuth2AccessToken token = client.getAccessToken();
		Instant expiresAt = token.getExpiresAt();
		if (expiresAt == null) {
			return new TokenState(client, Long.MAX_VALUE, Long.MAX_VALUE);
		}
		long expiry = expiresAt.toEpochMilli();
		long issuedAt = ((token.getIssuedAt() != null) ? token.getIssuedAt() : now).toEpochMilli();
		long lifetime = Math.max(expiry - issuedAt, 0);
		long skew = spec.clockSkewMillis(lifetime);
		long expireAt = expiry - skew;
		Double ratio = spec.refreshAheadRatio();
		long renewAt = (ratio != null) ? issuedAt + (long) (lifetime * ratio)
				: expiry - Math.min(skew + leadMillis, (long) (lifetime * MAX_MARGIN_SHARE));
		if (spec.refreshAheadWindow() != null) {
			renewAt = Math.min(renewAt, expiry - spec.refreshAheadWindow().toMillis());
		}
		return new TokenState(client, Math.min(renewAt, expireAt), expireAt);
	}

	TokenState invalidated() {
		return new TokenState(this.client, Long.MIN_VALUE, Long.MIN_VALUE);
	}

}
