package dev.tokenstarter.core.lifecycle;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.tokenstarter.core.definition.TokenClientDefinitions;

/**
 * An {@link IssuanceBudget} counted in memory, in the fixed windows and minimum interval of
 * {@link BudgetWindows}. Clients without a budget are never limited.
 *
 * @author token-starter
 */
public final class InMemoryIssuanceBudget implements IssuanceBudget {

	private final BudgetWindows windows;

	private final Map<String, Usage> usages = new ConcurrentHashMap<>();

	public InMemoryIssuanceBudget(TokenClientDefinitions definitions, Clock clock) {
		this.windows = new BudgetWindows(definitions, clock);
	}

	@Override
	public void acquire(String registrationId) {
		BudgetWindows.Windows current = this.windows.current(registrationId);
		if (current == null) {
			return;
		}
		Usage usage = this.usages.computeIfAbsent(registrationId, (id) -> new Usage(current.windows().size()));
		synchronized (usage) {
			List<Integer> used = usage.used(current);
			if (!current.allows(used, usage.lastRequestAt)) {
				throw current.exceeded(used, usage.lastRequestAt);
			}
			usage.take(current);
		}
	}

	/**
	 * Return how many token requests a client may still send in its tightest window.
	 * @param registrationId the client
	 * @return the remaining budget, or {@code -1} when the client has no budget or no window
	 */
	public int remaining(String registrationId) {
		BudgetState state = state(registrationId);
		BudgetState.WindowState tightest = (state != null) ? state.tightest() : null;
		return (tightest != null) ? tightest.remaining() : -1;
	}

	@Override
	public @Nullable BudgetState state(String registrationId) {
		BudgetWindows.Windows current = this.windows.current(registrationId);
		if (current == null) {
			return null;
		}
		Usage usage = this.usages.get(registrationId);
		if (usage == null) {
			return current.state(new Usage(current.windows().size()).used(current), null);
		}
		synchronized (usage) {
			return current.state(usage.used(current), usage.lastRequestAt);
		}
	}

	/**
	 * The requests a client took in the window each of its limits last counted in, and its last request.
	 */
	private static final class Usage {

		private final long[] starts;

		private final int[] counts;

		private @Nullable Long lastRequestAt;

		Usage(int windows) {
			this.starts = new long[windows];
			this.counts = new int[windows];
		}

		List<Integer> used(BudgetWindows.Windows current) {
			List<Integer> used = new ArrayList<>(this.counts.length);
			for (int i = 0; i < this.counts.length; i++) {
				used.add((this.starts[i] == current.windows().get(i).start()) ? this.counts[i] : 0);
			}
			return used;
		}

		void take(BudgetWindows.Windows current) {
			for (int i = 0; i < this.counts.length; i++) {
				long start = current.windows().get(i).start();
				this.counts[i] = (this.starts[i] == start) ? this.counts[i] + 1 : 1;
				this.starts[i] = start;
			}
			this.lastRequestAt = current.now();
		}

	}

}
