package dev.tokenstarter.core.response;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthorizationException;

/**
 * How a request for a token ended, in a few classes fit for metric tags and trace attributes: never an
 * endpoint's own error code or message, which vary without bound.
 *
 * @author token-starter
 */
public enum TokenRequestOutcome {

	/**
	 * A token was issued.
	 */
	SUCCESS("success"),

	/**
	 * The endpoint answered and refused, such as for wrong credentials.
	 */
	REFUSED("refused"),

	/**
	 * The endpoint failed in a way that may pass, such as HTTP 5xx or 429.
	 */
	SERVER_ERROR("server_error"),

	/**
	 * No answer came: the endpoint could not be reached, timed out, or a callback delivery never came.
	 */
	UNREACHABLE("unreachable"),

	/**
	 * The client's issuance budget was spent, so no request was sent.
	 */
	BUDGET_EXCEEDED("budget_exceeded"),

	/**
	 * Any other failure.
	 */
	ERROR("error");

	/**
	 * Error code of a spent issuance budget, as the lifecycle's budget exception carries it.
	 */
	private static final String BUDGET_EXCEEDED_CODE = "token_budget_exceeded";

	private final String value;

	TokenRequestOutcome(String value) {
		this.value = value;
	}

	/**
	 * Return the outcome as a lower-case tag value, such as {@code server_error}.
	 * @return the value
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Return the outcome of a request that ended with the given failure.
	 * @param failure the failure, or {@code null} for a success
	 * @return the outcome
	 */
	public static TokenRequestOutcome of(@Nullable Throwable failure) {
		if (failure == null) {
			return SUCCESS;
		}
		if (failure instanceof TokenEndpointException endpointFailure) {
			if (endpointFailure.getStatusCode() == 0) {
				return UNREACHABLE;
			}
			return endpointFailure.isTransient() ? SERVER_ERROR : REFUSED;
		}
		if (failure instanceof OAuth2AuthorizationException authorizationFailure
				&& BUDGET_EXCEEDED_CODE.equals(authorizationFailure.getError().getErrorCode())) {
			return BUDGET_EXCEEDED;
		}
		return ERROR;
	}

}
