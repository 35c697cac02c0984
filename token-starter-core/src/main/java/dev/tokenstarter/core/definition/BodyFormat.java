package dev.tokenstarter.core.definition;

/**
 * How the fields of a token request are encoded in its body.
 *
 * @author token-starter
 */
public enum BodyFormat {

	/**
	 * A JSON object of the fields, sent as {@code application/json}; nested maps and lists become nested
	 * objects and arrays.
	 */
	JSON,

	/**
	 * The fields URL-encoded, sent as {@code application/x-www-form-urlencoded}; every field is text.
	 */
	FORM,

	/**
	 * A {@link RawBody} template, sent as its content type.
	 */
	RAW,

	/**
	 * No body at all; fields, if any, are an error.
	 */
	NONE

}
