package dev.tokenstarter.core.definition;

/**
 * How the fields of a token request are encoded in its body.
 *
 * @author token-starter
 */
public enum BodyFormat {

	/**
	 * A JSON object of the fields, sent as {@code application/json}.
	 */
	JSON,

	/**
	 * The fields URL-encoded, sent as {@code application/x-www-form-urlencoded}.
	 */
	FORM,

	/**
	 * No body at all; fields, if any, are an error.
	 */
	NONE

}
