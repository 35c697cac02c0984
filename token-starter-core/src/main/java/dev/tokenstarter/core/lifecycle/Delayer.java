package dev.tokenstarter.core.lifecycle;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay: how renewals wait between retries and start in the background. Tests
 * replace it with one that moves a fake clock instead of waiting.
 *
 * @author token-starter
 */
@FunctionalInterface
public interface Delayer {

	/**
	 * Run a task after a delay, on another thread.
	 * @param delay the delay, zero to run as soon as possible
	 * @param task the task
	 */
	void schedule(Duration delay, Runnable task);

	/**
	 * Return a delayer that runs tasks on the given executor.
	 * @param executor the executor
	 * @return the delayer
	 */
	static Delayer on(Executor executor) {
		return (delay, task) -> {
			Executor target = delay.isZero() ? executor
					: CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS, executor);
			target.execute(task);
		};
	}

}
