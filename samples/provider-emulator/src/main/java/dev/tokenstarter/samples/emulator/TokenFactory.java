package dev.tokenstarter.samples.emulator;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import tools.jackson.databind.node.ObjectNode;

/**
 * Creates unique token strings: opaque random ones and JWTs whose signature is random bytes.
 * Nothing verifies the signature; the emulator only looks tokens up in its registry.
 */
final class TokenFactory {

	private static final String JWT_HEADER = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
		.getBytes(StandardCharsets.UTF_8));

	private final SecureRandom random = new SecureRandom();

	String opaque() {
		return encode(randomBytes(32));
	}

	/**
	 * Create a JWT.
	 * @param claims provider-specific claims, to which {@code sub}, {@code iat}, {@code exp}
	 * and {@code jti} are added
	 */
	String jwt(String subject, Instant issuedAt, Instant expiresAt, ObjectNode claims) {
		ObjectNode payload = claims.deepCopy();
		payload.put("sub", subject);
		payload.put("iat", issuedAt.getEpochSecond());
		payload.put("exp", expiresAt.getEpochSecond());
		payload.put("jti", UUID.randomUUID().toString());
		String encodedPayload = encode(Json.write(payload).getBytes(StandardCharsets.UTF_8));
		return JWT_HEADER + "." + encodedPayload + "." + encode(randomBytes(32));
	}

	private byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		this.random.nextBytes(bytes);
		return bytes;
	}

	private static String encode(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
