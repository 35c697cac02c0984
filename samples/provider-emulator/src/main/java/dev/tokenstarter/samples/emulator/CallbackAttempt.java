package dev.tokenstarter.samples.emulator;

/**
 * One post of tokens to a callback URI and how the receiver answered it.
 *
 * @param provider the provider that posted
 * @param uri the URI posted to
 * @param status the HTTP status of the answer, or {@code 0} when the post failed without one
 */
public record CallbackAttempt(String provider, String uri, int status) {

}
