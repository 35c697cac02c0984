package dev.tokenstarter.samples.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The demo key pairs under {@code demo-keys/} on the class path, which the emulator hands out the way
 * GitHub, Google and Apple issue keys to developers. They are public and for the samples only. The
 * emulator verifies signatures with the public halves; clients sign with the private halves, named by
 * the locations below.
 */
public final class DemoKeys {

	/**
	 * The GitHub App's private key (RSA, PKCS#8 PEM), for clients.
	 */
	public static final String GITHUB_APP_PRIVATE_KEY = "classpath:demo-keys/github-app.demo-private-key.pem";

	/**
	 * The Google service account's private key (RSA, PKCS#8 PEM), for clients.
	 */
	public static final String GOOGLE_PRIVATE_KEY = "classpath:demo-keys/google-service-account.demo-private-key.pem";

	/**
	 * The App Store Connect API key (EC P-256, PKCS#8 PEM as Apple's .p8 files), for clients.
	 */
	public static final String APP_STORE_PRIVATE_KEY = "classpath:demo-keys/app-store-connect.demo-private-key.p8";

	/**
	 * Class path resource of the public half, with which the emulator verifies signatures.
	 */
	public static final String GITHUB_APP_PUBLIC_KEY = "demo-keys/github-app.demo-public-key.pem";

	/**
	 * Class path resource of the public half, with which the emulator verifies signatures.
	 */
	public static final String GOOGLE_PUBLIC_KEY = "demo-keys/google-service-account.demo-public-key.pem";

	/**
	 * Class path resource of the public half, with which the emulator verifies signatures.
	 */
	public static final String APP_STORE_PUBLIC_KEY = "demo-keys/app-store-connect.demo-public-key.pem";

	/**
	 * The private key of the {@code partner-idp} client's private_key_jwt authentication (RSA, PKCS#8 PEM).
	 */
	public static final String PARTNER_IDP_PRIVATE_KEY = "classpath:demo-keys/partner-idp.demo-private-key.pem";

	/**
	 * Class path resource of the public half, with which the emulator verifies signatures.
	 */
	public static final String PARTNER_IDP_PUBLIC_KEY = "demo-keys/partner-idp.demo-public-key.pem";

	private DemoKeys() {
	}

	/**
	 * Return the PEM text of a demo key, given as a {@code classpath:} location or a class path resource.
	 * @param location the key's location
	 * @return the PEM text
	 */
	public static String pem(String location) {
		String resource = location.startsWith("classpath:") ? location.substring("classpath:".length()) : location;
		try (InputStream in = DemoKeys.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("No demo key " + resource);
			}
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return a demo public key.
	 * @param resource the class path resource of its PEM
	 * @param algorithm {@code RSA} or {@code EC}
	 * @return the key
	 */
	public static PublicKey publicKey(String resource, String algorithm) {
		String base64 = pem(resource).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		try {
			return KeyFactory.getInstance(algorithm)
				.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Demo key " + resource + " is not an " + algorithm + " public key", ex);
		}
	}

}
