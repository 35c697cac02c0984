package dev.tokenstarter.core.test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * Runs N threads that all wait on one start latch, so they hit the code under test together, and
 * collects what each returned or threw. A run that does not finish within its timeout fails with a dump
 * of every thread's stack.
 *
 * @author token-starter
 */
public final class ConcurrentTestHarness {

	private static final long TIMEOUT_SECONDS = 10;

	private ConcurrentTestHarness() {
	}

	/**
	 * Start the threads, release them at once and wait for all of them.
	 * @param <T> the result type
	 * @param threads how many threads
	 * @param task the task, given the thread's index
	 * @return the outcomes, by thread index
	 */
	public static <T> List<Outcome<T>> run(int threads, IntFunction<Callable<T>> task) {
		return start(threads, task).await();
	}

	/**
	 * Start the threads and release them at once, without waiting for them.
	 * @param <T> the result type
	 * @param threads how many threads
	 * @param task the task, given the thread's index
	 * @return the running threads
	 */
	public static <T> Running<T> start(int threads, IntFunction<Callable<T>> task) {
		CountDownLatch ready = new CountDownLatch(threads);
		CountDownLatch go = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(threads);
		AtomicReferenceArray<Outcome<T>> outcomes = new AtomicReferenceArray<>(threads);
		List<Thread> started = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			int index = i;
			Callable<T> callable = task.apply(index);
			Thread thread = new Thread(() -> {
				ready.countDown();
				try {
					if (!go.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
						throw new IllegalStateException("not released");
					}
					outcomes.set(index, new Outcome<>(callable.call(), null));
				}
				catch (Throwable ex) {
					outcomes.set(index, new Outcome<>(null, ex));
				}
				finally {
					done.countDown();
				}
			}, "harness-" + index);
			thread.setDaemon(true);
			started.add(thread);
			thread.start();
		}
		awaitOrDump(ready, "threads to start");
		go.countDown();
		return new Running<>(started, done, outcomes);
	}

	/**
	 * Wait up to ten seconds for a latch, failing with a dump of every thread's stack when it does not
	 * open.
	 * @param latch the latch
	 * @param what what is waited for, for the failure message
	 */
	public static void awaitOrDump(CountDownLatch latch, String what) {
		boolean opened;
		try {
			opened = latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		if (!opened) {
			throw new AssertionError("Timed out after " + TIMEOUT_SECONDS + " s waiting for " + what + "\n"
					+ threadDump());
		}
	}

	/**
	 * Return the stacks of every live thread.
	 * @return the dump
	 */
	public static String threadDump() {
		StringBuilder dump = new StringBuilder();
		for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
			dump.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
			if (info.getLockName() != null) {
				dump.append(" on ").append(info.getLockName());
			}
			dump.append('\n');
			for (StackTraceElement element : info.getStackTrace()) {
				dump.append("\tat ").append(element).append('\n');
			}
		}
		return dump.toString();
	}

	/**
	 * What one thread returned or threw.
	 *
	 * @param <T> the result type
	 * @param value the result
	 * @param error the failure
	 */
	public record Outcome<T>(T value, Throwable error) {
	}

	/**
	 * Threads that have been released.
	 *
	 * @param <T> the result type
	 */
	public static final class Running<T> {

		private final List<Thread> threads;

		private final CountDownLatch done;

		private final AtomicReferenceArray<Outcome<T>> outcomes;

		Running(List<Thread> threads, CountDownLatch done, AtomicReferenceArray<Outcome<T>> outcomes) {
			this.threads = threads;
			this.done = done;
			this.outcomes = outcomes;
		}

		/**
		 * Wait until every thread has finished or is parked (on a lock, a future or a latch) with a frame
		 * of the given class on its stack, failing with a thread dump after ten seconds.
		 * @param type the class the threads must be blocked in
		 */
		public void awaitBlockedIn(Class<?> type) {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
			while (!allBlockedIn(type.getName())) {
				if (System.nanoTime() > deadline) {
					throw new AssertionError("Timed out waiting for threads to block in " + type.getName() + "\n"
							+ threadDump());
				}
				Thread.onSpinWait();
			}
		}

		private boolean allBlockedIn(String className) {
			for (Thread thread : this.threads) {
				Thread.State state = thread.getState();
				if (state == Thread.State.TERMINATED) {
					continue;
				}
				if (state == Thread.State.NEW || state == Thread.State.RUNNABLE) {
					return false;
				}
				boolean inside = false;
				for (StackTraceElement element : thread.getStackTrace()) {
					if (element.getClassName().equals(className)) {
						inside = true;
						break;
					}
				}
				if (!inside) {
					return false;
				}
			}
			return true;
		}

		/**
		 * Wait for every thread to finish.
		 * @return the outcomes, by thread index
		 */
		public List<Outcome<T>> await() {
			awaitOrDump(this.done, "all threads to finish");
			List<Outcome<T>> result = new ArrayList<>();
			for (int i = 0; i < this.outcomes.length(); i++) {
				result.add(this.outcomes.get(i));
			}
			return result;
		}

	}

}
