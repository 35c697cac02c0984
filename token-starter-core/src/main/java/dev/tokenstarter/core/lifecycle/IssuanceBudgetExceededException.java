package dev.tokenstarter.core.lifecycle;

import java.time.Instant;

import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * A client's token issuance budget is spent; no request was sent to the token endpoint.
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
	 * Create an exception.
	 * @param registrationId the client
	 * @param limit the number of tokens allowed per period
	 * @param refillsAt when the next token request will be allowed
	 */
	public IssuanceBudgetExceededException(String registrationId, int limit, Instant refillsAt) {
		super(new OAuth2Error(BUDGET_EXCEEDED), registrationId, "Token issuance budget of client '" + registrationId
				+ "' is spent (" + limit + " token requests per period); it refills at " + refillsAt);
		this.refillsAt = refillsAt;
	}

	/**
	 * Return when the next token request will be allowed.
	 * @return the instant
	 */
	public Instant getRefillsAt() {
		return this.refillsAt;
	}

}
