package dev.tokenstarter.core.definition;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Where a token response gives a token's expiry (in its body or a header) and what the value means. When the value is absent,
 * the configured lifetime applies; without one, the {@code exp} claim of a JWT; without that, the token
 * is taken to be valid until an API call says otherwise.
 *
 * @param source where the value is, or {@code null} when the response never has one
 * @param kind what the value means
 * @param lifetime lifetime to assume when the value is absent, or {@code null}
 * @author token-starter
 */
public record ExpirySpec(@Nullable ResponseSource source, ExpiryKind kind, @Nullable Duration lifetime) {

	public ExpirySpec {
		Assert.notNull(kind, "kind cannot be null");
		Assert.isTrue(kind != ExpiryKind.LIFETIME || lifetime != null, "kind LIFETIME needs a lifetime");
		Assert.isTrue(lifetime == null || (!lifetime.isNegative() && !lifetime.isZero()),
				"lifetime must be positive");
	}

	/**
	 * Return an expiry read as seconds from now at the given pointer, OAuth2's {@code expires_in}.
	 * @param pointer where the value is
	 * @return the expiry description
	 */
	public static ExpirySpec seconds(String pointer) {
		return new ExpirySpec(ResponseSource.body(pointer), ExpiryKind.SECONDS, null);
	}

	/**
	 * Return an expiry that the response never gives.
	 * @return the expiry description
	 */
	public static ExpirySpec none() {
		return new ExpirySpec(null, ExpiryKind.SECONDS, null);
	}

}
