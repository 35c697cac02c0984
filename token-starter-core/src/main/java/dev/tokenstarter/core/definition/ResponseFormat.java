package dev.tokenstarter.core.definition;

/**
 * How the body of a token response is read. Each format has a reader that turns the body into a tree,
 * so that {@link ResponseSource} pointers address every format alike.
 *
 * @author token-starter
 */
public enum ResponseFormat {

	/**
	 * Chosen by the response's {@code Content-Type}: JSON for {@code application/json} and
	 * {@code +json} types, form for {@code application/x-www-form-urlencoded}, JSON when there is none.
	 */
	AUTO,

	/**
	 * A JSON document, whatever the {@code Content-Type} says.
	 */
	JSON,

	/**
	 * URL-encoded fields ({@code access_token=...&expires_in=...}), whatever the {@code Content-Type}
	 * says; the pointer {@code /access_token} addresses the field {@code access_token}.
	 */
	FORM

}
