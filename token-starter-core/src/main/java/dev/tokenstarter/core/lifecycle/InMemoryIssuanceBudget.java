package dev.tokenstarter.core.lifecycle;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.tokenstarter.core.definition.TokenClientDefinitions;

/**
 * An {@link IssuanceBudget} counted in memory, in the fixed windows of {@link BudgetWindows}. Clients
 * without a budget are never limited.
 *
 * @author token-starter
 */
public final class InMemoryIssuanceBudget implements IssuanceBudget {

	private final BudgetWindows windows;

	private final Map<String, Count> counts = new ConcurrentHashMap<>();

	public InMemoryIssuanceBudget(TokenClientDefinitions definitions, Clock clock) {
		this.windows = new BudgetWindows(definitions, clock);
	}

	@Override
	public void acquire(String registrationId) {
		BudgetWindows.Window window = this.windows.current(registrationId);
		if (window == null) {
			return;
		}
		long start = window.start();
		Count count = this.counts.compute(registrationId,
				(id, current) -> (current == null || current.start != start) ? new Count(start, 1)
						: new Count(start, current.used + 1));
		if (count.used > window.limit()) {
			this.counts.computeIfPresent(registrationId,
					(id, current) -> (current.start == start) ? new Count(start, current.used - 1) : current);
			throw window.exceeded();
		}
	}

	/**
	 * Return how many token requests a client may still send in the current window.
	 * @param registrationId the client
	 * @return the remaining budget, or {@code -1} when the client has no budget
	 */
	public int remaining(String registrationId) {
		BudgetState state = state(registrationId);
		return (state != null) ? state.remaining() : -1;
	}

	@Override
	public @Nullable BudgetState state(String registrationId) {
		BudgetWindows.Window window = this.windows.current(registrationId);
		if (window == null) {
			return null;
		}
		Count count = this.counts.get(registrationId);
		return window.state((count != null && count.start == window.start()) ? count.used : 0);
	}

	private record Count(long start, int used) {
	}

}
