package dev.tokenstarter.core.definition;

import org.springframework.security.oauth2.core.AuthorizationGrantType;

/**
 * Non-standard grants that token-starter performs against a token endpoint. Each maps to an
 * {@link AuthorizationGrantType} of its own, so Spring's standard providers never pick up a
 * token-starter registration and standard registrations keep working beside it.
 *
 * @author token-starter
 */
public enum TokenGrant {

	/**
	 * Log in with a user name (or e-mail) and a password.
	 */
	LOGIN("urn:token-starter:grant-type:login", "username", "password"),

	/**
	 * Client credentials sent in any encoding: JSON body, form, query parameters or Basic header.
	 */
	CLIENT_CREDENTIALS("urn:token-starter:grant-type:client-credentials", "client-id", "client-secret"),

	/**
	 * Exchange of a code (a one-time or long-lived code issued by the API) for tokens.
	 */
	CODE("urn:token-starter:grant-type:code", "client-id", "code"),

	/**
	 * No token endpoint: the access token is a JWT that the client signs itself with its key, minted
	 * again before it expires (Apple's App Store Connect API, for one).
	 */
	SELF_SIGNED_JWT("urn:token-starter:grant-type:self-signed-jwt", "client-id", "client-secret");

	private final AuthorizationGrantType authorizationGrantType;

	private final String principalVariable;

	private final String secretVariable;

	TokenGrant(String value, String principalVariable, String secretVariable) {
		this.authorizationGrantType = new AuthorizationGrantType(value);
		this.principalVariable = principalVariable;
		this.secretVariable = secretVariable;
	}

	/**
	 * Return the grant type that registrations of this grant carry.
	 * @return the authorization grant type
	 */
	public AuthorizationGrantType authorizationGrantType() {
		return this.authorizationGrantType;
	}

	/**
	 * Return whether tokens of this grant are minted by the client itself rather than requested from a
	 * token endpoint.
	 * @return whether the grant has no token endpoint
	 */
	public boolean isSelfSigned() {
		return this == SELF_SIGNED_JWT;
	}

	/**
	 * Return the template variable that names who authenticates (used for a Basic header).
	 * @return the variable name, such as {@code username}
	 */
	public String principalVariable() {
		return this.principalVariable;
	}

	/**
	 * Return the template variable that holds the secret (used for a Basic header).
	 * @return the variable name, such as {@code password}
	 */
	public String secretVariable() {
		return this.secretVariable;
	}

	/**
	 * Return the grant whose authorization grant type is the given one.
	 * @param grantType the grant type of a registration
	 * @return the grant, or {@code null} when the registration is not a token-starter one
	 */
	public static @org.jspecify.annotations.Nullable TokenGrant from(AuthorizationGrantType grantType) {
		for (TokenGrant grant : values()) {
			if (grant.authorizationGrantType.equals(grantType)) {
				return grant;
			}
		}
		return null;
	}

}
