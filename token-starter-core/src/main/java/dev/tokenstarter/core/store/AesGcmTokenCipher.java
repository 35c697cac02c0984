package dev.tokenstarter.core.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.util.Assert;

/**
 * A {@link TokenCipher} with AES-GCM, authenticated encryption from the JDK: a fresh random 96-bit nonce
 * per value, a 128-bit tag, and the context as additional authenticated data. Output is
 * {@code version (1 byte) | nonce (12 bytes) | ciphertext and tag}.
 *
 * @author token-starter
 */
public final class AesGcmTokenCipher implements TokenCipher {

	private static final byte VERSION = 1;

	private static final int NONCE_LENGTH = 12;

	private static final int TAG_BITS = 128;

	private final SecretKeySpec key;

	private final SecureRandom random = new SecureRandom();

	/**
	 * Create a cipher.
	 * @param key a 128, 192 or 256-bit AES key
	 */
	public AesGcmTokenCipher(byte[] key) {
		Assert.notNull(key, "key cannot be null");
		Assert.isTrue(key.length == 16 || key.length == 24 || key.length == 32,
				"key must be 16, 24 or 32 bytes (AES-128, AES-192 or AES-256)");
		this.key = new SecretKeySpec(key.clone(), "AES");
	}

	@Override
	public byte[] encrypt(byte[] plaintext, String context) {
		byte[] nonce = new byte[NONCE_LENGTH];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(1 + NONCE_LENGTH + sealed.length).put(VERSION).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not encrypt a token: " + ex.getClass().getSimpleName());
		}
	}

	@Override
	public byte[] decrypt(byte[] ciphertext, String context) {
		if (ciphertext.length < 1 + NONCE_LENGTH + TAG_BITS / 8 || ciphertext[0] != VERSION) {
			throw new IllegalStateException("Stored token of '" + context + "' is not an encrypted token-starter value");
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, ciphertext, 1, NONCE_LENGTH));
			cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			return cipher.doFinal(ciphertext, 1 + NONCE_LENGTH, ciphertext.length - 1 - NONCE_LENGTH);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Stored token of '" + context
					+ "' could not be decrypted: wrong key, or the value was altered (" + ex.getClass().getSimpleName()
					+ ")");
		}
	}

	@Override
	public String toString() {
		return "AesGcmTokenCipher{key=[REDACTED]}";
	}

}
