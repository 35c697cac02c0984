package dev.tokenstarter.core.response;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.util.Assert;

/**
 * What a successful token response yields.
 *
 * @param accessToken the access token, with its expiry when known
 * @param refreshToken the refresh token, with its expiry when known, or {@code null}
 * @author token-starter
 */
public record TokenResponse(OAuth2AccessToken accessToken, @Nullable OAuth2RefreshToken refreshToken) {

	public TokenResponse {
		Assert.notNull(accessToken, "accessToken cannot be null");
	}

	@Override
	public String toString() {
		return "TokenResponse{expiresAt=" + this.accessToken.getExpiresAt() + ", refreshToken="
				+ ((this.refreshToken != null) ? "present" : "absent") + "}";
	}

}
