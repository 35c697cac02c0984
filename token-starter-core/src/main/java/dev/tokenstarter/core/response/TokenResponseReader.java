package dev.tokenstarter.core.response;

import org.jspecify.annotations.Nullable;

/**
 * Reads the token endpoint responses of one client in code, for shapes that configuration cannot
 * describe. It runs inside the exchange, where the configured response description would, so
 * single-flight renewal, issuance budgets, token stores and observation apply as they do to any
 * response. Declare one as a bean qualified with {@code @TokenClient("id")} to apply it to that client.
 *
 * @author token-starter
 */
@FunctionalInterface
public interface TokenResponseReader {

	/**
	 * Read a response.
	 * @param response the response, status, headers and body
	 * @return the tokens, or {@code null} to read the response as the client's configuration describes
	 * @throws TokenEndpointException when the response is not a successful token response; name the
	 * client, never a token or secret
	 */
	@Nullable TokenResponse read(TokenEndpointResponse response);

}
