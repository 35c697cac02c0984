package dev.tokenstarter.core.callback;

import org.springframework.http.HttpStatus;

/**
 * What became of a delivery to the callback, with the HTTP status the callback endpoint answers. Only
 * {@link #ACCEPTED} completes a pending fetch with tokens; nothing else stores anything.
 *
 * @author token-starter
 */
public enum CallbackOutcome {

	/**
	 * The delivery answered a pending fetch of the client and carried its tokens.
	 */
	ACCEPTED(HttpStatus.NO_CONTENT),

	/**
	 * The delivery answered a pending fetch but was no token response (malformed, or the API's error
	 * report); the fetch failed with that error.
	 */
	INVALID(HttpStatus.BAD_REQUEST),

	/**
	 * The delivery answered a pending fetch but its body was over the fetch's limit; the fetch failed.
	 */
	TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),

	/**
	 * No fetch of the client is waiting for that state: unknown, forgotten, or another client's.
	 */
	UNSOLICITED(HttpStatus.NOT_FOUND),

	/**
	 * The fetch of that state had its delivery already.
	 */
	REPLAYED(HttpStatus.CONFLICT),

	/**
	 * The fetch of that state stopped waiting: it timed out or was abandoned.
	 */
	LATE(HttpStatus.GONE);

	private final HttpStatus status;

	CallbackOutcome(HttpStatus status) {
		this.status = status;
	}

	/**
	 * Return the status the callback endpoint answers the delivery with.
	 * @return the status
	 */
	public HttpStatus status() {
		return this.status;
	}

}
