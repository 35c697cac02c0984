package dev.tokenstarter.core.endpoint;

import dev.tokenstarter.core.request.TokenRequest;
import dev.tokenstarter.core.response.TokenEndpointException;

/**
 * Failures to get any answer from a token endpoint. The message names the client and the endpoint
 * without its query, which may carry credentials; the cause is the innermost one, whose message does
 * not repeat the URI.
 *
 * @author token-starter
 */
final class EndpointFailures {

	/**
	 * Error code of a token endpoint that could not be reached or did not answer in time.
	 */
	static final String UNREACHABLE = "token_endpoint_unreachable";

	private EndpointFailures() {
	}

	static TokenEndpointException unreachable(TokenRequest request, Throwable cause) {
		String message = "Token endpoint of client '" + request.registrationId() + "' at "
				+ request.uri().getScheme() + "://" + request.uri().getAuthority() + request.uri().getPath()
				+ " could not be reached: " + cause.getClass().getSimpleName();
		return new TokenEndpointException(request.registrationId(), 0, UNREACHABLE, message, true, cause);
	}

}
