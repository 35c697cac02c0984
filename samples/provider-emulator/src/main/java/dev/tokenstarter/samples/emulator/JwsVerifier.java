package dev.tokenstarter.samples.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a compact JWS the way the emulated providers do, with the JDK's own signature verification
 * (independent of the library that token-starter signs with): the algorithm, the signature with the
 * provider's public key, and the time claims. A failed check is a {@link Rejected} with the reason the
 * provider gives.
 */
final class JwsVerifier {

	/**
	 * How far ahead of the emulator's clock an {@code iat} may be, for clients whose clock runs ahead.
	 */
	private static final long ALLOWED_DRIFT_SECONDS = 60;

	private JwsVerifier() {
	}

	/**
	 * Verify a JWS and return its header and claims.
	 * @param jws the compact serialization
	 * @param algorithm the only accepted {@code alg}: {@code RS256} or {@code ES256}
	 * @param key the public key
	 * @throws Rejected when the JWS is malformed, of another algorithm or not signed by the key
	 */
	static Verified verify(String jws, String algorithm, PublicKey key) {
		if (jws == null) {
			throw new Rejected("no JWT");
		}
		String[] parts = jws.split("\\.", -1);
		if (parts.length != 3) {
			throw new Rejected("not a compact JWS");
		}
		ObjectNode header = json(parts[0]);
		ObjectNode claims = json(parts[1]);
		if (!algorithm.equals(Json.text(header, "alg"))) {
			throw new Rejected("alg is not " + algorithm);
		}
		try {
			Signature signature = Signature
				.getInstance("RS256".equals(algorithm) ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
			signature.initVerify(key);
			signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
			if (!signature.verify(Base64.getUrlDecoder().decode(parts[2]))) {
				throw new Rejected("signature does not verify");
			}
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new Rejected("signature does not verify");
		}
		return new Verified(header, claims);
	}

	private static ObjectNode json(String part) {
		try {
			ObjectNode node = Json.parseObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
			if (node == null) {
				throw new Rejected("not a JSON object");
			}
			return node;
		}
		catch (IllegalArgumentException ex) {
			throw new Rejected("not Base64url");
		}
	}

	/**
	 * A verified JWS.
	 */
	record Verified(ObjectNode header, ObjectNode claims) {

		/**
		 * Check {@code iat} and {@code exp}: issued not after now (give or take a minute), not expired,
		 * and living at most the given number of seconds.
		 */
		Verified checkTimes(Instant now, long maxLifetimeSeconds, String limitName) {
			long iat = seconds("iat");
			long exp = seconds("exp");
			long nowSeconds = now.getEpochSecond();
			if (iat > nowSeconds + ALLOWED_DRIFT_SECONDS) {
				throw new Rejected("iat is in the future");
			}
			if (exp <= nowSeconds) {
				throw new Rejected("exp has passed");
			}
			if (exp - iat > maxLifetimeSeconds || exp - nowSeconds > maxLifetimeSeconds) {
				throw new Rejected("exp is more than " + limitName + " after iat");
			}
			return this;
		}

		Verified checkClaim(String name, String expected) {
			JsonNode value = this.claims.get(name);
			String actual = (value != null && value.isString()) ? value.asString()
					: (value != null && value.isNumber()) ? value.asString() : null;
			if (!expected.equals(actual)) {
				throw new Rejected(name + " is not " + expected);
			}
			return this;
		}

		private long seconds(String name) {
			JsonNode value = this.claims.get(name);
			if (value == null || !value.isNumber()) {
				throw new Rejected(name + " is missing");
			}
			return value.asLong();
		}

	}

	/**
	 * A JWS that a provider refuses, with its reason.
	 */
	static final class Rejected extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Rejected(String reason) {
			super(reason);
		}

	}

}
