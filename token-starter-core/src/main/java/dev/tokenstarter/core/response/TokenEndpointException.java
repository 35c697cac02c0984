package dev.tokenstarter.core.response;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * A token endpoint did not issue a token. The message names the client and carries the endpoint's own
 * error code and message; it never carries a token, a secret or the request body.
 *
 * @author token-starter
 */
public class TokenEndpointException extends ClientAuthorizationException {

	/**
	 * Error code used when the endpoint gave none of its own.
	 */
	public static final String INVALID_TOKEN_RESPONSE = "invalid_token_response";

	private final int statusCode;

	private final boolean transientFailure;

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
		super(new OAuth2Error(errorCode, message, null), registrationId, message, cause);
		this.statusCode = statusCode;
		this.transientFailure = transientFailure;
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

}
