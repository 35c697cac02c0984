package dev.tokenstarter.core.jwt;

import java.time.Instant;

/**
 * A JWT just minted, with its {@code iat} and {@code exp}. {@link #toString()} never shows the JWT.
 *
 * @param value the compact serialization
 * @param issuedAt the {@code iat} claim
 * @param expiresAt the {@code exp} claim
 * @author token-starter
 */
public record MintedJwt(String value, Instant issuedAt, Instant expiresAt) {

	@Override
	public String toString() {
		return "MintedJwt{issuedAt=" + this.issuedAt + ", expiresAt=" + this.expiresAt + "}";
	}

}
