package dev.tokenstarter.core.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * How much of a client's token issuance budget its current windows have used, and when it last sent a
 * token request.
 *
 * @param windows the state of each window, in configuration order
 * @param minInterval the shortest time between two token requests, or {@code null} for none
 * @param lastRequestAt when the last token request was taken, or {@code null} when unknown or there is no
 * minimum interval
 * @author token-starter
 */
public record BudgetState(List<WindowState> windows, @Nullable Duration minInterval,
		@Nullable Instant lastRequestAt) {

	public BudgetState {
		Assert.notNull(windows, "windows cannot be null");
		windows = List.copyOf(windows);
	}

	/**
	 * Return the state of a budget of one window and no minimum interval.
	 * @param limit the token requests allowed per window
	 * @param period the length of the window
	 * @param used the token requests taken in it
	 * @param windowEndsAt when it ends
	 * @return the state
	 */
	public static BudgetState of(int limit, Duration period, int used, Instant windowEndsAt) {
		return new BudgetState(List.of(WindowState.of(limit, period, used, windowEndsAt)), null, null);
	}

	/**
	 * Return the window with the fewest token requests left, the one that runs out first.
	 * @return the window, or {@code null} when the budget has only a minimum interval
	 */
	public @Nullable WindowState tightest() {
		WindowState tightest = null;
		for (WindowState window : this.windows) {
			if (tightest == null || window.remaining() < tightest.remaining()) {
				tightest = window;
			}
		}
		return tightest;
	}

	/**
	 * Return whether the budget runs low: a window has at most a tenth of its limit left (at least one
	 * request). Tokens are then renewed when needed only, never ahead of expiry.
	 * @return whether the budget runs low
	 */
	public boolean isLow() {
		return this.windows.stream().anyMatch(WindowState::isLow);
	}

	/**
	 * Return when every window that runs low now has refilled.
	 * @return the instant, or the epoch when no window runs low
	 */
	public Instant lowUntil() {
		Instant until = Instant.EPOCH;
		for (WindowState window : this.windows) {
			if (window.isLow() && window.endsAt().isAfter(until)) {
				until = window.endsAt();
			}
		}
		return until;
	}

	/**
	 * Return when the next token request is allowed: once every spent window has refilled and the minimum
	 * interval since the last request has passed.
	 * @return the instant, which is past when a request is allowed now: the epoch when no window is spent
	 * and there is no interval to wait for
	 */
	public Instant nextAllowedAt() {
		Instant next = Instant.EPOCH;
		for (WindowState window : this.windows) {
			if (window.remaining() == 0 && window.endsAt().isAfter(next)) {
				next = window.endsAt();
			}
		}
		if (this.minInterval != null && this.lastRequestAt != null) {
			Instant afterInterval = this.lastRequestAt.plus(this.minInterval);
			if (afterInterval.isAfter(next)) {
				next = afterInterval;
			}
		}
		return next;
	}

	/**
	 * How much of one window's limit is used.
	 *
	 * @param limit the token requests allowed per window
	 * @param period the length of the window
	 * @param used the token requests taken in the current window
	 * @param remaining the token requests still allowed in the current window
	 * @param endsAt when the current window ends and refills
	 */
	public record WindowState(int limit, Duration period, int used, int remaining, Instant endsAt) {

		/**
		 * Return the state of a window.
		 * @param limit the token requests allowed per window
		 * @param period the length of the window
		 * @param used the token requests taken in it
		 * @param endsAt when it ends
		 * @return the state, with the remaining requests never below zero
		 */
		public static WindowState of(int limit, Duration period, int used, Instant endsAt) {
			return new WindowState(limit, period, used, Math.max(limit - used, 0), endsAt);
		}

		/**
		 * Return whether this window runs low: at most a tenth of its limit (at least one request) is
		 * left.
		 * @return whether it runs low
		 */
		public boolean isLow() {
			return this.remaining <= Math.max(1, this.limit / 10);
		}

	}

}
