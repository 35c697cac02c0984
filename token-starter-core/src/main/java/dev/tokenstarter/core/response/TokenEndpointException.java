package dev.tokenstarter.core.response;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.util.Assert;

/**
 * A token endpoint did not issue a token. The message is one line that names the client and carries the
 * endpoint's own error code and message, or says what went wrong in the words a search engine knows
 * (connection refused, unknown host, TLS handshake failed, a connect or read timeout with its limit,
 * connection reset); it never carries a token, a secret, the request body or the query of the endpoint's
 * URI. The error code is the endpoint's own, or one of token-starter's constants below.
 *
 * @author token-starter
 */
public class TokenEndpointException extends ClientAuthorizationException {

	/**
	 * Error code used when the endpoint gave none of its own.
	 */
	public static final String INVALID_TOKEN_RESPONSE = "invalid_token_response";

	/**
	 * Error code of a token endpoint that could not be reached or gave no complete response in time
	 * (status 0, transient).
	 */
	public static final String UNREACHABLE = "token_endpoint_unreachable";

	/**
	 * Error code of a response or callback delivery whose body is over the client's
	 * {@code max-response-size} (transient only with a transient status).
	 */
	public static final String RESPONSE_TOO_LARGE = "token_response_too_large";

	/**
	 * Error code of a caller that gave up waiting for a token after the client's {@code acquire-timeout}
	 * (status 0, transient); the renewal it waited for may go on.
	 */
	public static final String ACQUIRE_TIMEOUT = "token_acquire_timeout";

	private final int statusCode;

	private final boolean transientFailure;

	private final @Nullable Duration retryAfter;

	/**
	 * Create an exception.
	 * @param registrationId the client
	 * @param statusCode the HTTP status, or 0 when no response came
	 * @param errorCode the endpoint's error code, or one of token-starter's
	 * @param message the full message
	 * @param transientFailure whether trying again later may succeed (5xx, time-outs, connection errors)
	 * @param cause the cause, or {@code null}
	 */
	public TokenEndpointException(String registrationId, int statusCode, String errorCode, String message,
			boolean transientFailure, @Nullable Throwable cause) {
		this(registrationId, statusCode, errorCode, message, transientFailure, cause, null);
	}

	/**
	 * Create an exception of an endpoint that said when to try again.
	 * @param registrationId the client
	 * @param statusCode the HTTP status, or 0 when no response came
	 * @param errorCode the endpoint's error code, or one of token-starter's
	 * @param message the full message
	 * @param transientFailure whether trying again later may succeed
	 * @param cause the cause, or {@code null}
	 * @param retryAfter how long the endpoint asked to wait before trying again, or {@code null}
	 */
	public TokenEndpointException(String registrationId, int statusCode, String errorCode, String message,
			boolean transientFailure, @Nullable Throwable cause, @Nullable Duration retryAfter) {
		super(new OAuth2Error(errorCode, message, null), registrationId, message, cause);
		this.statusCode = statusCode;
		this.transientFailure = transientFailure;
		this.retryAfter = retryAfter;
	}

	/**
	 * Return the HTTP status of the endpoint's answer.
	 * @return the status, or 0 when no response came
	 */
	public int getStatusCode() {
		return this.statusCode;
	}

	/**
	 * Return whether trying again later may succeed: the endpoint failed, timed out or could not be
	 * reached, as opposed to refusing the credentials.
	 * @return whether the failure is transient
	 */
	public boolean isTransient() {
		return this.transientFailure;
	}

	/**
	 * Return how long the endpoint asked to wait before the next attempt, from the {@code Retry-After}
	 * header of a 429 or 503 answer.
	 * @return the wait, or {@code null} when the endpoint did not say
	 */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

	/**
	 * Return this exception with the wait the endpoint asked for, keeping its stack trace.
	 * @param retryAfter the wait, not negative
	 * @return the exception
	 */
	public TokenEndpointException withRetryAfter(Duration retryAfter) {
		Assert.isTrue(retryAfter != null && !retryAfter.isNegative(), "retryAfter must not be negative");
		TokenEndpointException copy = new TokenEndpointException(getClientRegistrationId(), this.statusCode,
				getError().getErrorCode(), getMessage(), this.transientFailure, getCause(), retryAfter);
		copy.setStackTrace(getStackTrace());
		return copy;
	}

}
