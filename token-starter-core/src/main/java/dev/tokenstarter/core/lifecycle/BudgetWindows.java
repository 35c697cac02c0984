package dev.tokenstarter.core.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.LifecycleSpec.BudgetLimit;
import dev.tokenstarter.core.definition.LifecycleSpec.IssuanceBudgetSpec;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;

/**
 * The issuance-budget windows of an application's clients: fixed periods aligned to the Unix epoch, so
 * a one-day period starts at midnight UTC, as APIs that count "per day" usually do, and a minimum
 * interval between two token requests. A token request is allowed when every window has room and the
 * interval has passed since the last one; it then counts in every window. The in-memory, JDBC and Redis
 * budgets share this arithmetic and differ only in where they count.
 *
 * @author token-starter
 */
public final class BudgetWindows {

	private final Map<String, IssuanceBudgetSpec> budgets;

	private final Clock clock;

	/**
	 * Create the windows of the clients that have a budget.
	 * @param definitions the clients, whose lifecycle settings hold their limits
	 * @param clock the clock that decides the current window
	 */
	public BudgetWindows(TokenClientDefinitions definitions, Clock clock) {
		Assert.notNull(definitions, "definitions cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		Map<String, IssuanceBudgetSpec> budgets = new HashMap<>();
		for (TokenClientDefinition definition : definitions.all()) {
			IssuanceBudgetSpec budget = definition.getLifecycle().budget();
			if (budget != null) {
				budgets.put(definition.getRegistrationId(), budget);
			}
		}
		this.budgets = Map.copyOf(budgets);
		this.clock = clock;
	}

	/**
	 * Return a client's current windows.
	 * @param registrationId the client
	 * @return the windows, or {@code null} when the client has no budget
	 */
	public @Nullable Windows current(String registrationId) {
		IssuanceBudgetSpec budget = this.budgets.get(registrationId);
		if (budget == null) {
			return null;
		}
		long now = this.clock.millis();
		List<Window> windows = new ArrayList<>(budget.limits().size());
		for (BudgetLimit limit : budget.limits()) {
			long period = limit.period().toMillis();
			long start = Math.floorDiv(now, period) * period;
			windows.add(new Window(limit.limit(), limit.period(), start, start + period));
		}
		return new Windows(registrationId, windows, budget.minInterval(), now);
	}

	/**
	 * One client's current budget windows and minimum interval, looked up at one moment.
	 *
	 * @param registrationId the client
	 * @param windows the current window of each limit, in configuration order
	 * @param minInterval the shortest time between two token requests, or {@code null} for none
	 * @param now the time the windows were looked up at, in epoch milliseconds
	 */
	public record Windows(String registrationId, List<Window> windows, @Nullable Duration minInterval, long now) {

		public Windows {
			windows = List.copyOf(windows);
		}

		/**
		 * Return whether a token request is allowed now.
		 * @param used the token requests taken in each window, in order
		 * @param lastRequestAt when the last token request was taken, in epoch milliseconds, or
		 * {@code null} when none is known
		 * @return whether every window has room and the minimum interval has passed
		 */
		public boolean allows(List<Integer> used, @Nullable Long lastRequestAt) {
			for (int i = 0; i < this.windows.size(); i++) {
				if (used.get(i) >= this.windows.get(i).limit()) {
					return false;
				}
			}
			return !isTooSoon(lastRequestAt);
		}

		/**
		 * Return whether the minimum interval has not passed since the last token request.
		 * @param lastRequestAt when the last token request was taken, in epoch milliseconds, or
		 * {@code null} when none is known
		 * @return whether a request now would come too soon
		 */
		public boolean isTooSoon(@Nullable Long lastRequestAt) {
			return this.minInterval != null && lastRequestAt != null
					&& this.now < lastRequestAt + this.minInterval.toMillis();
		}

		/**
		 * Return the state of these windows.
		 * @param used the token requests taken in each window, in order
		 * @param lastRequestAt when the last token request was taken, in epoch milliseconds, or
		 * {@code null} when none is known
		 * @return the state
		 */
		public BudgetState state(List<Integer> used, @Nullable Long lastRequestAt) {
			List<BudgetState.WindowState> states = new ArrayList<>(this.windows.size());
			for (int i = 0; i < this.windows.size(); i++) {
				Window window = this.windows.get(i);
				states.add(BudgetState.WindowState.of(window.limit(), window.period(), used.get(i),
						window.endInstant()));
			}
			Instant last = (this.minInterval != null && lastRequestAt != null) ? Instant.ofEpochMilli(lastRequestAt)
					: null;
			return new BudgetState(states, this.minInterval, last);
		}

		/**
		 * Return the failure of a token request that these windows do not allow: it says what is spent and
		 * when the next request is allowed, once every spent window has refilled and the interval passed.
		 * @param used the token requests taken in each window, in order
		 * @param lastRequestAt when the last token request was taken, in epoch milliseconds, or
		 * {@code null} when none is known
		 * @return the exception
		 */
		public IssuanceBudgetExceededException exceeded(List<Integer> used, @Nullable Long lastRequestAt) {
			BudgetState state = state(used, lastRequestAt);
			StringJoiner spent = new StringJoiner("; ");
			for (BudgetState.WindowState window : state.windows()) {
				if (window.remaining() == 0) {
					spent.add(window.limit() + " token requests per " + window.period() + " spent");
				}
			}
			if (isTooSoon(lastRequestAt)) {
				spent.add("at most one token request every " + this.minInterval);
			}
			return new IssuanceBudgetExceededException(this.registrationId, spent.toString(), state.nextAllowedAt());
		}

	}

	/**
	 * One limit's current window.
	 *
	 * @param limit the token requests allowed in the window
	 * @param period the length of the window
	 * @param start the window's start, in epoch milliseconds
	 * @param end the window's end (exclusive), in epoch milliseconds
	 */
	public record Window(int limit, Duration period, long start, long end) {

		/**
		 * Return the window's start.
		 * @return the start
		 */
		public Instant startInstant() {
			return Instant.ofEpochMilli(this.start);
		}

		/**
		 * Return the window's end, when its limit refills.
		 * @return the end
		 */
		public Instant endInstant() {
			return Instant.ofEpochMilli(this.end);
		}

	}

}
