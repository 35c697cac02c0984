package dev.tokenstarter.core.definition;

/**
 * What the expiry value of a token response means.
 *
 * @author token-starter
 */
public enum ExpiryKind {

	/**
	 * Seconds from the moment the response was received (OAuth2's {@code expires_in}).
	 */
	SECONDS,

	/**
	 * Absolute time in seconds since the Unix epoch.
	 */
	EPOCH_SECONDS,

	/**
	 * Absolute time in milliseconds since the Unix epoch.
	 */
	EPOCH_MILLIS,

	/**
	 * An ISO-8601 instant or offset date-time, such as {@code 2026-11-23T12:00:00Z}.
	 */
	ISO_INSTANT,

	/**
	 * The {@code exp} claim of the token itself, which must be a JWT.
	 */
	JWT_EXP,

	/**
	 * A fixed lifetime from configuration; the response carries no expiry.
	 */
	LIFETIME

}
