package dev.tokenstarter.core.definition;

/**
 * How a token request authenticates the caller, beyond the fields, query parameters and headers
 * that its description lists.
 *
 * @author token-starter
 */
public enum ClientAuthentication {

	/**
	 * Nothing beyond the described fields, query parameters and headers.
	 */
	NONE,

	/**
	 * An {@code Authorization: Basic} header made of the grant's principal and secret: client id and
	 * client secret for client credentials and code grants, user name and password for logins.
	 */
	BASIC,

	/**
	 * A JWT signed with the client's key (RFC 7523 section 2.2, OpenID Connect's
	 * {@code private_key_jwt}): the form fields {@code client_assertion_type} and {@code client_assertion},
	 * whose JWT has the client id as {@code iss} and {@code sub} and the token endpoint's URI as
	 * {@code aud}.
	 */
	PRIVATE_KEY_JWT

}
