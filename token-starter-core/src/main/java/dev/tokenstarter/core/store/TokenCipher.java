package dev.tokenstarter.core.store;

/**
 * Encrypts what a persistent {@link TokenStore} writes and decrypts what it reads. The context (the
 * client's key in the store) is bound to the ciphertext, so a value copied to another client's entry
 * does not decrypt.
 *
 * @author token-starter
 * @see AesGcmTokenCipher
 */
public interface TokenCipher {

	/**
	 * A cipher that leaves values in clear, for stores where plaintext was explicitly allowed.
	 */
	TokenCipher PLAINTEXT = new TokenCipher() {

		@Override
		public byte[] encrypt(byte[] plaintext, String context) {
			return plaintext;
		}

		@Override
		public byte[] decrypt(byte[] ciphertext, String context) {
			return ciphertext;
		}

	};

	/**
	 * Encrypt a value.
	 * @param plaintext the value
	 * @param context what the value belongs to, authenticated but not encrypted
	 * @return the ciphertext
	 */
	byte[] encrypt(byte[] plaintext, String context);

	/**
	 * Decrypt a value.
	 * @param ciphertext the ciphertext
	 * @param context what the value belongs to, as given to {@link #encrypt}
	 * @return the value
	 * @throws IllegalStateException when the value was tampered with, belongs to another context or was
	 * encrypted with another key; the message carries no part of the value
	 */
	byte[] decrypt(byte[] ciphertext, String context);

}
