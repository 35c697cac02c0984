package dev.tokenstarter.samples.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Signs JWTs for the emulator's tests with the demo private keys and the JDK alone.
 */
final class TestJwts {

	private TestJwts() {
	}

	static String rs256(String privateKeyLocation, String header, String claims) {
		return sign("SHA256withRSA", privateKey(privateKeyLocation, "RSA"), header, claims);
	}

	static String es256(String privateKeyLocation, String header, String claims) {
		return sign("SHA256withECDSAinP1363Format", privateKey(privateKeyLocation, "EC"), header, claims);
	}

	private static String sign(String algorithm, PrivateKey key, String header, String claims) {
		String input = encode(header) + "." + encode(claims);
		try {
			Signature signature = Signature.getInstance(algorithm);
			signature.initSign(key);
			signature.update(input.getBytes(StandardCharsets.US_ASCII));
			return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static PrivateKey privateKey(String location, String algorithm) {
		String base64 = DemoKeys.pem(location).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		try {
			return KeyFactory.getInstance(algorithm)
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
