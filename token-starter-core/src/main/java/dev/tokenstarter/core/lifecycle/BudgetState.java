package dev.tokenstarter.core.lifecycle;

import java.time.Instant;

/**
 * How much of a client's token issuance budget its current window has used.
 *
 * @param limit the token requests allowed per window
 * @param used the token requests taken in the current window
 * @param remaining the token requests still allowed in the current window
 * @param windowEndsAt when the current window ends and the budget refills
 * @author token-starter
 */
public record BudgetState(int limit, int used, int remaining, Instant windowEndsAt) {

	/**
	 * Return the state of a window.
	 * @param limit the token requests allowed per window
	 * @param used the token requests taken in it
	 * @param windowEndsAt when it ends
	 * @return the state, with the remaining budget never below zero
	 */
	public static BudgetState of(int limit, int used, Instant windowEndsAt) {
		return new BudgetState(limit, used, Math.max(limit - used, 0), windowEndsAt);
	}

}
