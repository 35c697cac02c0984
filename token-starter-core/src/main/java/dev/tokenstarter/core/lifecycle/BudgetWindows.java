package dev.tokenstarter.core.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.LifecycleSpec.IssuanceBudgetSpec;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;

/**
 * The issuance-budget windows of an application's clients: fixed periods aligned to the Unix epoch, so
 * a one-day period starts at midnight UTC, as APIs that count "per day" usually do. The in-memory, JDBC
 * and Redis budgets share this arithmetic and differ only in where they count.
 *
 * @author token-starter
 */
public final class BudgetWindows {

	private final Map<String, IssuanceBudgetSpec> limits;

	private final Clock clock;

	/**
	 * Create the windows of the clients that have a budget.
	 * @param definitions the clients, whose lifecycle settings hold their limits
	 * @param clock the clock that decides the current window
	 */
	public BudgetWindows(TokenClientDefinitions definitions, Clock clock) {
		Assert.notNull(definitions, "definitions cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		Map<String, IssuanceBudgetSpec> limits = new HashMap<>();
		for (TokenClientDefinition definition : definitions.all()) {
			IssuanceBudgetSpec budget = definition.getLifecycle().budget();
			if (budget != null) {
				limits.put(definition.getRegistrationId(), budget);
			}
		}
		this.limits = Map.copyOf(limits);
		this.clock = clock;
	}

	/**
	 * Return a client's current window.
	 * @param registrationId the client
	 * @return the window, or {@code null} when the client has no budget
	 */
	public @Nullable Window current(String registrationId) {
		IssuanceBudgetSpec limit = this.limits.get(registrationId);
		if (limit == null) {
			return null;
		}
		long period = limit.period().toMillis();
		long now = this.clock.millis();
		long start = Math.floorDiv(now, period) * period;
		return new Window(registrationId, limit.limit(), start, start + period, now);
	}

	/**
	 * One client's current budget window.
	 *
	 * @param registrationId the client
	 * @param limit the token requests allowed in the window
	 * @param start the window's start, in epoch milliseconds
	 * @param end the window's end (exclusive), in epoch milliseconds
	 * @param now the time the window was looked up at, in epoch milliseconds
	 */
	public record Window(String registrationId, int limit, long start, long end, long now) {

		/**
		 * Return the window's start.
		 * @return the start
		 */
		public Instant startInstant() {
			return Instant.ofEpochMilli(this.start);
		}

		/**
		 * Return the window's end, when the budget refills.
		 * @return the end
		 */
		public Instant endInstant() {
			return Instant.ofEpochMilli(this.end);
		}

		/**
		 * Return the failure of a token request over this window's budget.
		 * @return the exception, which says when the budget refills
		 */
		public IssuanceBudgetExceededException exceeded() {
			return new IssuanceBudgetExceededException(this.registrationId, this.limit, endInstant());
		}

		/**
		 * Return the state of this window.
		 * @param used the token requests taken in it
		 * @return the state
		 */
		public BudgetState state(int used) {
			return BudgetState.of(this.limit, used, endInstant());
		}

	}

}
