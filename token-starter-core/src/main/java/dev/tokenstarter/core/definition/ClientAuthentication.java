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
	BASIC

}
