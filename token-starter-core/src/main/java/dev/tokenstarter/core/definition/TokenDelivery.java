package dev.tokenstarter.core.definition;

/**
 * How a token endpoint hands over the tokens it issues.
 *
 * @author token-starter
 */
public enum TokenDelivery {

	/**
	 * In the response to the token request, as most endpoints do.
	 */
	RESPONSE,

	/**
	 * In a later request that the API posts to the application's callback URL, given in the token
	 * request through the {@code {callback-uri}} and {@code {callback-state}} variables; the immediate
	 * response only says whether the request was accepted.
	 */
	CALLBACK

}
