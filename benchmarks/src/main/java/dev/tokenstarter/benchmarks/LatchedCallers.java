package dev.tokenstarter.benchmarks;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Releases N caller threads at once and records, for each, the time from its release until its call
 * completed, and the time from the release until the last call completed. A call may complete on another
 * thread (a reactive subscription). When the callers do not all finish in time, the stacks of every
 * thread are printed and the run fails.
 * <p>
 * A latch tells when every caller is waiting at the gate; the gate itself is not a latch. A
 * {@code CountDownLatch} wakes its waiters one after another, each woken thread waking the next, which
 * on two busy cores spreads the release over tens of milliseconds: most callers would then arrive after
 * the first token was cached and no stampede would happen. The gate flips a flag and unparks every
 * caller from one thread instead.
 *
 * @author token-starter
 */
final class LatchedCallers {

	private static final long TIMEOUT_SECONDS = 60;

	private LatchedCallers() {
	}

	/**
	 * Run the callers.
	 * @param callers how many
	 * @param call what each caller does; it reports completion through the given {@link Completion}
	 * @return the outcome
	 */
	static Outcome run(int callers, Call call) {
		CountDownLatch ready = new CountDownLatch(callers);
		AtomicBoolean released = new AtomicBoolean();
		CountDownLatch done = new CountDownLatch(callers);
		long[] nanos = new long[callers];
		long[] finished = new long[callers];
		AtomicInteger errors = new AtomicInteger();
		AtomicReference<@Nullable Throwable> firstError = new AtomicReference<>();
		Thread[] threads = new Thread[callers];
		for (int i = 0; i < callers; i++) {
			int index = i;
			threads[i] = new Thread(() -> {
				ready.countDown();
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
				while (!released.get()) {
					LockSupport.parkNanos(released, TimeUnit.MILLISECONDS.toNanos(100));
					if (System.nanoTime() > deadline) {
						return;
					}
				}
				long begin = System.nanoTime();
				Completion completion = new Completion(() -> {
					finished[index] = System.nanoTime();
					nanos[index] = finished[index] - begin;
					done.countDown();
				}, (error) -> {
					finished[index] = System.nanoTime();
					nanos[index] = finished[index] - begin;
					errors.incrementAndGet();
					firstError.compareAndSet(null, error);
					done.countDown();
				});
				try {
					call.start(completion);
				}
				catch (RuntimeException ex) {
					completion.failed(ex);
				}
			}, "caller-" + i);
			threads[i].setDaemon(true);
			threads[i].start();
		}
		await(ready, "callers to be ready");
		long release = System.nanoTime();
		released.set(true);
		for (Thread thread : threads) {
			LockSupport.unpark(thread);
		}
		await(done, "callers to finish");
		long last = Arrays.stream(finished).max().orElse(release);
		Arrays.sort(nanos);
		return new Outcome(nanos, last - release, errors.get(), firstError.get());
	}

	private static void await(CountDownLatch latch, String what) {
		try {
			if (latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
			System.err.println("\"" + thread.getKey().getName() + "\" " + thread.getKey().getState());
			for (StackTraceElement frame : thread.getValue()) {
				System.err.println("\tat " + frame);
			}
		}
		throw new IllegalStateException("Timed out after " + TIMEOUT_SECONDS + " s waiting for " + what
				+ " (" + latch.getCount() + " left); thread stacks printed above");
	}

	/**
	 * What one caller does.
	 */
	@FunctionalInterface
	interface Call {

		void start(Completion completion);

	}

	/**
	 * How a caller reports that its call completed, once.
	 */
	static final class Completion {

		private final Runnable succeeded;

		private final Consumer<Throwable> failed;

		private final AtomicBoolean reported = new AtomicBoolean();

		Completion(Runnable succeeded, Consumer<Throwable> failed) {
			this.succeeded = succeeded;
			this.failed = failed;
		}

		void succeeded() {
			if (this.reported.compareAndSet(false, true)) {
				this.succeeded.run();
			}
		}

		void failed(Throwable error) {
			if (this.reported.compareAndSet(false, true)) {
				this.failed.accept(error);
			}
		}

	}

	/**
	 * Latencies of the callers, sorted, how many failed, and the first failure.
	 */
	record Outcome(long[] sortedNanos, long wallNanos, int errors, @Nullable Throwable firstError) {

		double wallMillis() {
			return this.wallNanos / 1_000_000.0;
		}

		double percentileMillis(double percentile) {
			int rank = (int) Math.ceil(percentile / 100 * this.sortedNanos.length);
			return this.sortedNanos[Math.max(rank - 1, 0)] / 1_000_000.0;
		}

	}

}
