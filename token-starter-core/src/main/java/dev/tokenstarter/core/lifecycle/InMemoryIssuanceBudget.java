package dev.tokenstarter.core.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.LifecycleSpec.IssuanceBudgetSpec;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;

/**
 * An {@link IssuanceBudget} counted in memory, in fixed windows aligned to the Unix epoch: a one-day
 * period starts at midnight UTC, as APIs that count "per day" usually do. Clients without a budget are
 * never limited.
 *
 * @author token-starter
 */
public final class InMemoryIssuanceBudget implements IssuanceBudget {

	private final Map<String, IssuanceBudgetSpec> limits = new ConcurrentHashMap<>();

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	private final Clock clock;

	public InMemoryIssuanceBudget(TokenClientDefinitions definitions, Clock clock) {
		Assert.notNull(definitions, "definitions cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		for (TokenClientDefinition definition : definitions.all()) {
			IssuanceBudgetSpec budget = definition.getLifecycle().budget();
			if (budget != null) {
				this.limits.put(definition.getRegistrationId(), budget);
			}
		}
		this.clock = clock;
	}

	@Override
	public void acquire(String registrationId) {
		IssuanceBudgetSpec limit = this.limits.get(registrationId);
		if (limit == null) {
			return;
		}
		long period = limit.period().toMillis();
		long start = Math.floorDiv(this.clock.millis(), period) * period;
		Window window = this.windows.compute(registrationId,
				(id, current) -> (current == null || current.start != start) ? new Window(start, 1)
						: new Window(start, current.used + 1));
		if (window.used > limit.limit()) {
			this.windows.computeIfPresent(registrationId,
					(id, current) -> (current.start == start) ? new Window(start, current.used - 1) : current);
			throw new IssuanceBudgetExceededException(registrationId, limit.limit(),
					Instant.ofEpochMilli(start + period));
		}
	}

	/**
	 * Return how many token requests a client may still send in the current window.
	 * @param registrationId the client
	 * @return the remaining budget, or {@code -1} when the client has no budget
	 */
	public int remaining(String registrationId) {
		IssuanceBudgetSpec limit = this.limits.get(registrationId);
		if (limit == null) {
			return -1;
		}
		long period = limit.period().toMillis();
		long start = Math.floorDiv(this.clock.millis(), period) * period;
		Window window = this.windows.get(registrationId);
		int used = (window != null && window.start == start) ? window.used : 0;
		return Math.max(limit.limit() - used, 0);
	}

	@Override
	public @Nullable BudgetState state(String registrationId) {
		IssuanceBudgetSpec limit = this.limits.get(registrationId);
		if (limit == null) {
			return null;
		}
		long period = limit.period().toMillis();
		long start = Math.floorDiv(this.clock.millis(), period) * period;
		Window window = this.windows.get(registrationId);
		int used = (window != null && window.start == start) ? window.used : 0;
		return BudgetState.of(limit.limit(), used, Instant.ofEpochMilli(start + period));
	}

	private record Window(long start, int used) {
	}

}
