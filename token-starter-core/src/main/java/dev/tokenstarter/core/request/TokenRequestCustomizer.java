package dev.tokenstarter.core.request;

/**
 * Changes the token requests of one client after they are built from its configuration and before
 * they are sent: its method, URI, headers or body, for what configuration cannot say (a signature over
 * the body, a header computed from several values, ...). It runs inside the exchange, so single-flight
 * renewal, issuance budgets, token stores and observation apply as they do to any request. Declare one
 * as a bean qualified with {@code @TokenClient("id")} to apply it to that client.
 *
 * @author token-starter
 */
@FunctionalInterface
public interface TokenRequestCustomizer {

	/**
	 * Return the request to send.
	 * @param request the request built from the client's configuration; its headers may be changed in
	 * place
	 * @return the request to send, the given one or a new {@link TokenRequest}
	 */
	TokenRequest customize(TokenRequest request);

}
