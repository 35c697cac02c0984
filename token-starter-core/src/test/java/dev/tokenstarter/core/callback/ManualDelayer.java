package dev.tokenstarter.core.callback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.tokenstarter.core.lifecycle.Delayer;

/**
 * A {@link Delayer} that keeps its tasks until a test runs them, as if their delay had passed.
 *
 * @author token-starter
 */
final class ManualDelayer implements Delayer {

	private final List<Duration> delays = new ArrayList<>();

	private final List<Runnable> tasks = new ArrayList<>();

	@Override
	public synchronized void schedule(Duration delay, Runnable task) {
		this.delays.add(delay);
		this.tasks.add(task);
	}

	synchronized List<Duration> delays() {
		return List.copyOf(this.delays);
	}

	/**
	 * Run every task scheduled so far.
	 */
	void runAll() {
		List<Runnable> due;
		synchronized (this) {
			due = List.copyOf(this.tasks);
			this.tasks.clear();
		}
		due.forEach(Runnable::run);
	}

}
