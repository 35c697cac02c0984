package dev.tokenstarter.core.lifecycle;

import java.time.Instant;

import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * A client's token issuance budget allows no token request now; no request was sent to the token
 * endpoint. {@link #getRefillsAt()} tells when the next one is allowed.
 *
 * @author token-starter
 */
public class IssuanceBudgetExceededException extends ClientAuthorizationException {

	/**
	 * Error code of a spent budget.
	 */
	public static final String BUDGET_EXCEEDED = "token_budget_exceeded";

	private final Instant refillsAt;

	/**
	 * Create an exception for a budget of one window.
	 * @param registrationId the client
	 * @param limit the number of tokens allowed per period
	 * @param refillsAt when the next token request will be allowed
	 */
	public IssuanceBudgetExceededException(String registrationId, int limit, Instant refillsAt) {
		this(registrationId, limit + " token requests per period spent", refillsAt);
	}

	/**
	 * Create an exception.
	 * @param registrationId the client
	 * @param spent what holds the request back, such as {@code 5 token requests per PT1M spent}
	 * @param refillsAt when the next token request will be allowed
	 */
	public IssuanceBudgetExceededException(String registrationId, String spent, Instant refillsAt) {
		super(new OAuth2Error(BUDGET_EXCEEDED), registrationId, "Token issuance budget of client '" + registrationId
				+ "' allows no token request now (" + spent + "); the next one is allowed at " + refillsAt);
		this.refillsAt = refillsAt;
	}

	/**
	 * Return when the next token request will be allowed: every spent window has refilled and the minimum
	 * interval since the last request has passed.
	 * @return the instant
	 */
	public Instant getRefillsAt() {
		return this.refillsAt;
	}

}
