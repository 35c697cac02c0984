package dev.tokenstarter.core.store;

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

	@Override
	public String toString() {
		return "StoredToken{expiresAt=" + this.accessToken.getExpiresAt() + ", refreshExpiresAt="
				+ ((this.refreshToken != null) ? this.refreshToken.getExpiresAt() : "none") + "}";
	}

}
