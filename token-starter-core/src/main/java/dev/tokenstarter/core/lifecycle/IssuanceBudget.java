package dev.tokenstarter.core.lifecycle;

import org.jspecify.annotations.Nullable;

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

	/**
	 * Return how much of a client's budget its current window has used, for monitoring.
	 * @param registrationId the client
	 * @return the state, or {@code null} when the client has no budget or this budget cannot tell
	 */
	default @Nullable BudgetState state(String registrationId) {
		return null;
	}

}
