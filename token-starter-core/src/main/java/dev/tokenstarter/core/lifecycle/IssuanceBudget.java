package dev.tokenstarter.core.lifecycle;

/**
 * Counts the token requests a client sends against the limit its API sets, such as 50 a day. It is
 * asked before every request for a new token (not before refreshes) and fails fast when the budget is
 * spent, so the token endpoint is never called over budget.
 *
 * @author token-starter
 */
@FunctionalInterface
public interface IssuanceBudget {

	/**
	 * A budget that never runs out.
	 */
	IssuanceBudget UNLIMITED = (registrationId) -> {
	};

	/**
	 * Take one token request from the client's budget.
	 * @param registrationId the client
	 * @throws IssuanceBudgetExceededException when the budget is spent
	 */
	void acquire(String registrationId);

}
