package dev.tokenstarter.autoconfigure;

import java.util.Base64;

import org.springframework.util.StringUtils;

import dev.tokenstarter.core.store.AesGcmTokenCipher;
import dev.tokenstarter.core.store.TokenCipher;

/**
 * Makes the cipher of a persistent token store from {@code token-starter.store.*}. Messages name the
 * property and how to make a key, never the key itself.
 *
 * @author token-starter
 */
final class StoreCiphers {

	private static final String KEY_PROPERTY = "token-starter.store.encryption-key";

	private static final String HOW_TO_MAKE_A_KEY = " Make a key with 'openssl rand -base64 32' and set it, "
			+ "for example through the environment variable TOKENSTARTER_STORE_ENCRYPTIONKEY.";

	private StoreCiphers() {
	}

	/**
	 * Return the cipher of a persistent store: AES-GCM with the configured key, or plaintext when no key
	 * is set and plaintext is explicitly allowed.
	 * @param store the store properties
	 * @return the cipher
	 * @throws TokenStarterConfigurationException when no key is set and plaintext is not allowed, or the key is not a
	 * base64-encoded 16, 24 or 32-byte AES key
	 */
	static TokenCipher cipher(TokenStarterProperties.Store store) {
		String key = store.getEncryptionKey();
		if (!StringUtils.hasText(key)) {
			if (store.isAllowPlaintext()) {
				return TokenCipher.PLAINTEXT;
			}
			throw new TokenStarterConfigurationException(
					KEY_PROPERTY + " must be set: the '" + store.getType() + "' token store encrypts tokens at rest.",
					KEY_PROPERTY, HOW_TO_MAKE_A_KEY.trim()
							+ " To keep tokens in clear instead, set token-starter.store.allow-plaintext=true.");
		}
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(key.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new TokenStarterConfigurationException(KEY_PROPERTY + " is not valid base64.", KEY_PROPERTY,
					HOW_TO_MAKE_A_KEY.trim());
		}
		if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
			throw new TokenStarterConfigurationException(
					KEY_PROPERTY + " decodes to " + bytes.length + " bytes; an AES key has 16, 24 or 32.", KEY_PROPERTY,
					HOW_TO_MAKE_A_KEY.trim());
		}
		return new AesGcmTokenCipher(bytes);
	}

}
