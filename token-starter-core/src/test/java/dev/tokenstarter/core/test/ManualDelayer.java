package dev.tokenstarter.core.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.tokenstarter.core.lifecycle.Delayer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link Delayer} that records what is scheduled and runs it only when the test says, first moving
 * a {@link MutableClock} forward by the task's delay.
 *
 * @author token-starter
 */
public final class ManualDelayer implements Delayer {

	private final MutableClock clock;

	private final BlockingQueue<Scheduled> pending = new LinkedBlockingQueue<>();

	private final List<Duration> delays = new ArrayList<>();

	public ManualDelayer(MutableClock clock) {
		this.clock = clock;
	}

	@Override
	public synchronized void schedule(Duration delay, Runnable task) {
		this.delays.add(delay);
		this.pending.add(new Scheduled(delay, task));
	}

	/**
	 * Wait up to ten seconds for a task to be scheduled, advance the clock by its delay and run it in the
	 * calling thread.
	 * @return the delay of the task that ran
	 */
	public Duration runNext() {
		Scheduled next;
		try {
			next = this.pending.poll(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		assertThat(next).as("a task scheduled within 10 seconds").isNotNull();
		this.clock.advance(next.delay());
		next.task().run();
		return next.delay();
	}

	/**
	 * Return how many tasks are waiting to be run.
	 * @return the number of tasks
	 */
	public int pendingCount() {
		return this.pending.size();
	}

	/**
	 * Return the delays of every task scheduled so far, in order.
	 * @return the delays
	 */
	public synchronized List<Duration> delays() {
		return List.copyOf(this.delays);
	}

	private record Scheduled(Duration delay, Runnable task) {
	}

}
