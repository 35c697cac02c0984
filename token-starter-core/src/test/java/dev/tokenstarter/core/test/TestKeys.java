package dev.tokenstarter.core.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Signing keys for tests: RSA and EC key pairs made by the JDK, PEM text of them, and OpenSSL-made PEM
 * files under {@code jwt/} on the test class path (an EC PKCS#8 key that carries its public key, as
 * OpenSSL and Apple write them, and a PKCS#1 RSA key that token-starter rejects).
 *
 * @author token-starter
 */
public final class TestKeys {

	private TestKeys() {
	}

	public static KeyPair rsa() {
		return generate("RSA", null);
	}

	public static KeyPair ec(String curve) {
		return generate("EC", curve);
	}

	private static KeyPair generate(String algorithm, String curve) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
			if (curve != null) {
				generator.initialize(new ECGenParameterSpec(curve));
			}
			else {
				generator.initialize(2048);
			}
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the PKCS#8 PEM of a key pair's private key.
	 */
	public static String privatePem(KeyPair keyPair) {
		return pem("PRIVATE KEY", keyPair.getPrivate().getEncoded());
	}

	/**
	 * Return the PEM of a public key.
	 */
	public static String publicPem(PublicKey key) {
		return pem("PUBLIC KEY", key.getEncoded());
	}

	public static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	/**
	 * Return a symmetric JWK of the given size, for HMAC.
	 */
	public static String hmacJwk(int bits) {
		byte[] secret = new byte[bits / 8];
		new SecureRandom().nextBytes(secret);
		return "{\"kty\":\"oct\",\"k\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\"}";
	}

	/**
	 * Return the text of a file under {@code jwt/} on the test class path.
	 */
	public static String resource(String name) {
		try (InputStream in = TestKeys.class.getClassLoader().getResourceAsStream("jwt/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("No test key jwt/" + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Read a public key from the PEM text of a file under {@code jwt/}.
	 */
	public static PublicKey publicKey(String algorithm, String name) {
		String pem = resource(name).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		try {
			return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
