package dev.tokenstarter.core.jwt;

/**
 * Thrown when a signing key cannot be read or does not fit its algorithm. The message says what is
 * wrong, phrased to follow the name of the setting (such as "is not a readable PKCS#8 key"), and never
 * holds key material.
 *
 * @author token-starter
 */
public final class InvalidSigningKeyException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final boolean algorithmProblem;

	InvalidSigningKeyException(String problem, boolean algorithmProblem) {
		super(problem);
		this.algorithmProblem = algorithmProblem;
	}

	/**
	 * Return whether the algorithm is what to change (it does not fit the key, or is no JWS algorithm),
	 * rather than the key.
	 * @return whether the algorithm is at fault
	 */
	public boolean isAlgorithmProblem() {
		return this.algorithmProblem;
	}

}
