package dev.tokenstarter.samples.emulator;

/**
 * How an emulated provider that delivers its tokens by callback (Memories.ai, seed 000) posts
 * them, for tests of the receiving side. Set with {@link ProviderEmulator#callbackMode}.
 */
public enum CallbackMode {

	/**
	 * Post the tokens once to the callback URI of the token request, as the real API does.
	 */
	ONCE,

	/**
	 * Post the same tokens twice, one after the other, as a retrying or malicious sender would.
	 */
	TWICE,

	/**
	 * Post the tokens once, to the callback URI with its {@code state} query parameter changed.
	 */
	WRONG_STATE,

	/**
	 * Keep each delivery until {@link ProviderEmulator#releaseCallbacks()}, to deliver after the
	 * receiver stopped waiting.
	 */
	HOLD,

	/**
	 * Issue the tokens but never post them.
	 */
	NEVER

}
