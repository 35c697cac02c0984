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

	static TokenState of(OAuth2AuthorizedClient client, LifecycleSpec spec, Instant now) {
		OAuth2AccessToken token = client.getAccessToken();
		Instant expiresAt = token.getExpiresAt();
		if (expiresAt == null) {
			return new TokenState(client, Long.MAX_VALUE, Long.MAX_VALUE);
		}
		long expireAt = expiresAt.toEpochMilli() - spec.clockSkew().toMillis();
		Instant issuedAt = (token.getIssuedAt() != null) ? token.getIssuedAt() : now;
		long lifetime = Math.max(expiresAt.toEpochMilli() - issuedAt.toEpochMilli(), 0);
		long renewAt = issuedAt.toEpochMilli() + (long) (lifetime * spec.refreshAheadRatio());
		if (spec.refreshAheadWindow() != null) {
			renewAt = Math.min(renewAt, expiresAt.toEpochMilli() - spec.refreshAheadWindow().toMillis());
		}
		return new TokenState(client, Math.min(renewAt, expireAt), expireAt);
	}

	TokenState invalidated() {
		return new TokenState(this.client, Long.MIN_VALUE, Long.MIN_VALUE);
	}

}
