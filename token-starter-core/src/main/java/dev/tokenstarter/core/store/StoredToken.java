package dev.tokenstarter.core.store;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.util.Assert;

/**
 * What a {@link TokenStore} keeps for a client: the access token with its type, scopes and expiry, and
 * the refresh token with its own expiry. {@link #toString()} shows expiries only.
 *
 * @param accessToken the access token
 * @param refreshToken the refresh token, or {@code null}
 * @author token-starter
 */
public record StoredToken(OAuth2AccessToken accessToken, @Nullable OAuth2RefreshToken refreshToken) {

	public StoredToken {
		Assert.notNull(accessToken, "accessToken cannot be null");
	}

	/**
	 * Return whether this token was issued after another, or, when either does not say when it was
	 * issued, expires after it. When neither tells, it is not newer.
	 * @param other the other token
	 * @return whether this token is the newer
	 */
	public boolean isNewerThan(StoredToken other) {
		Instant issuedAt = this.accessToken.getIssuedAt();
		Instant otherIssuedAt = other.accessToken().getIssuedAt();
		if (issuedAt != null && otherIssuedAt != null) {
			return issuedAt.isAfter(otherIssuedAt);
		}
		Instant expiresAt = this.accessToken.getExpiresAt();
		Instant otherExpiresAt = other.accessToken().getExpiresAt();
		return expiresAt != null && otherExpiresAt != null && expiresAt.isAfter(otherExpiresAt);
	}

	@Override
	public String toString() {
		return "StoredToken{expiresAt=" + this.accessToken.getExpiresAt() + ", refreshExpiresAt="
				+ ((this.refreshToken != null) ? this.refreshToken.getExpiresAt() : "none") + "}";
	}

}
