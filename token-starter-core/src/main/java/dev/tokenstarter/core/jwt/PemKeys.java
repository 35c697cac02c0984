package dev.tokenstarter.core.jwt;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import org.jspecify.annotations.Nullable;

/**
 * Reads a PKCS#8 private key from PEM text with the JDK's key factories, into a Nimbus {@link JWK} that
 * Spring's encoder signs with. A JWK needs the public half as well: for RSA it comes from the private key
 * itself; for EC it is taken from the PKCS#8 structure (OpenSSL and Apple's {@code .p8} files carry it) or
 * from a {@code PUBLIC KEY} block beside the private one. Failure messages name the problem, never a byte
 * of the key.
 *
 * @author token-starter
 */
final class PemKeys {

	private static final Pattern BLOCK = Pattern
		.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

	private PemKeys() {
	}

	static JWK read(String pem) {
		Map<String, byte[]> blocks = blocks(pem);
		if (blocks.containsKey("RSA PRIVATE KEY") || blocks.containsKey("EC PRIVATE KEY")) {
			throw new IllegalArgumentException("is a PKCS#1 or SEC1 private key, not PKCS#8; convert it with"
					+ " 'openssl pkcs8 -topk8 -nocrypt' (the block must read BEGIN PRIVATE KEY)");
		}
		if (blocks.containsKey("ENCRYPTED PRIVATE KEY")) {
			throw new IllegalArgumentException("is an encrypted private key; give an unencrypted PKCS#8 key"
					+ " (keep it in a secret store instead)");
		}
		byte[] der = blocks.get("PRIVATE KEY");
		if (der == null) {
			throw new IllegalArgumentException("holds no PEM private key (BEGIN PRIVATE KEY); found "
					+ (blocks.isEmpty() ? "no PEM block" : String.join(", ", blocks.keySet())));
		}
		PrivateKey privateKey = privateKey(der);
		if (privateKey instanceof RSAPrivateCrtKey rsa) {
			return new RSAKey.Builder(rsaPublicKey(rsa)).privateKey(rsa).build();
		}
		if (privateKey instanceof ECPrivateKey ec) {
			Curve curve = Curve.forECParameterSpec(ec.getParams());
			if (curve == null) {
				throw new IllegalArgumentException("is an EC key on a curve that JWS does not use;"
						+ " use P-256, P-384 or P-521");
			}
			return new ECKey.Builder(curve, ecPublicKey(ec, der, blocks.get("PUBLIC KEY"))).privateKey(ec).build();
		}
		throw new IllegalArgumentException("is a " + privateKey.getAlgorithm()
				+ " private key; token-starter signs with RSA, EC or HMAC keys");
	}

	private static Map<String, byte[]> blocks(String pem) {
		Map<String, byte[]> blocks = new LinkedHashMap<>();
		Matcher matcher = BLOCK.matcher(pem);
		while (matcher.find()) {
			try {
				blocks.putIfAbsent(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2)));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("has a " + matcher.group(1) + " block that is not valid Base64");
			}
		}
		return blocks;
	}

	private static PrivateKey privateKey(byte[] der) {
		for (String algorithm : new String[] { "RSA", "EC", "Ed25519", "Ed448" }) {
			try {
				return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
			}
			catch (GeneralSecurityException | IllegalArgumentException ex) {
				// not a key of this algorithm: try the next one
			}
		}
		throw new IllegalArgumentException("has a PRIVATE KEY block that is not a readable PKCS#8 key");
	}

	private static RSAPublicKey rsaPublicKey(RSAPrivateCrtKey key) {
		try {
			return (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("has an RSA private key whose public half cannot be formed");
		}
	}

	private static ECPublicKey ecPublicKey(ECPrivateKey key, byte[] pkcs8, byte @Nullable [] publicBlock) {
		try {
			if (publicBlock != null) {
				PublicKey publicKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(publicBlock));
				if (publicKey instanceof ECPublicKey ec) {
					return ec;
				}
				throw new IllegalArgumentException("has a PUBLIC KEY block that is not an EC key");
			}
			byte[] point = Der.embeddedEcPublicKey(pkcs8);
			if (point == null) {
				throw new IllegalArgumentException("is an EC private key without its public key; add the"
						+ " PUBLIC KEY block after it ('openssl ec -pubout'), or give the key as a JWK");
			}
			return (ECPublicKey) KeyFactory.getInstance("EC")
				.generatePublic(new ECPublicKeySpec(uncompressed(point, key.getParams()), key.getParams()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("has an EC public key that cannot be read");
		}
	}

	private static ECPoint uncompressed(byte[] point, ECParameterSpec params) {
		int size = (params.getCurve().getField().getFieldSize() + 7) / 8;
		if (point.length != 1 + 2 * size || point[0] != 4) {
			throw new IllegalArgumentException("has an EC public key that is not an uncompressed point");
		}
		return new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + size)),
				new BigInteger(1, Arrays.copyOfRange(point, 1 + size, point.length)));
	}

	/**
	 * The few DER steps that find the public key inside a PKCS#8 EC key (RFC 5208 and RFC 5915): the
	 * private key octet string holds an ECPrivateKey sequence, whose optional {@code [1]} element is a bit
	 * string with the public point.
	 */
	private static final class Der {

		private final byte[] bytes;

		private int position;

		private final int end;

		private Der(byte[] bytes, int start, int end) {
			this.bytes = bytes;
			this.position = start;
			this.end = end;
		}

		static byte @Nullable [] embeddedEcPublicKey(byte[] pkcs8) {
			try {
				Der outer = new Der(pkcs8, 0, pkcs8.length).enter(0x30);
				outer.skip();
				outer.skip();
				Der ecPrivateKey = outer.enter(0x04).enter(0x30);
				ecPrivateKey.skip();
				ecPrivateKey.skip();
				while (ecPrivateKey.position < ecPrivateKey.end) {
					int tag = ecPrivateKey.bytes[ecPrivateKey.position] & 0xff;
					if (tag == 0xa1) {
						Der bitString = ecPrivateKey.enter(0xa1).enter(0x03);
						return Arrays.copyOfRange(bitString.bytes, bitString.position + 1, bitString.end);
					}
					ecPrivateKey.skip();
				}
				return null;
			}
			catch (IndexOutOfBoundsException | IllegalStateException ex) {
				return null;
			}
		}

		/**
		 * Read the element at the position, which must have the given tag, and return a reader of its
		 * content; the position moves past the element.
		 */
		private Der enter(int tag) {
			if ((this.bytes[this.position] & 0xff) != tag) {
				throw new IllegalStateException("unexpected DER tag");
			}
			int[] bounds = bounds();
			this.position = bounds[1];
			return new Der(this.bytes, bounds[0], bounds[1]);
		}

		private void skip() {
			this.position = bounds()[1];
		}

		private int[] bounds() {
			int index = this.position + 1;
			int length = this.bytes[index++] & 0xff;
			if (length > 0x7f) {
				int count = length & 0x7f;
				if (count > 3) {
					throw new IllegalStateException("DER length too long");
				}
				length = 0;
				for (int i = 0; i < count; i++) {
					length = (length << 8) | (this.bytes[index++] & 0xff);
				}
			}
			if (index + length > this.end) {
				throw new IllegalStateException("DER element past its end");
			}
			return new int[] { index, index + length };
		}

	}

}
