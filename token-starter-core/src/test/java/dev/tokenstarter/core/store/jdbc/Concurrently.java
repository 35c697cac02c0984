package dev.tokenstarter.core.store.jdbc;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs tasks on their own threads, released at once by a latch, and waits for them with a time-out;
 * dumps the thread stacks when they hang.
 */
final class Concurrently {

	private Concurrently() {
	}

	static <T> List<T> run(List<Callable<T>> tasks) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(tasks.size());
		try {
			CountDownLatch ready = new CountDownLatch(tasks.size());
			CountDownLatch start = new CountDownLatch(1);
			CountDownLatch done = new CountDownLatch(tasks.size());
			List<Future<T>> futures = new ArrayList<>();
			for (Callable<T> task : tasks) {
				futures.add(executor.submit(() -> {
					ready.countDown();
					start.await();
					try {
						return task.call();
					}
					finally {
						done.countDown();
					}
				}));
			}
			assertThat(ready.await(10, TimeUnit.SECONDS)).as("threads ready").isTrue();
			start.countDown();
			boolean finished = done.await(10, TimeUnit.SECONDS);
			if (!finished) {
				for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
					System.err.print(info);
				}
			}
			assertThat(finished).as("threads finished in time (stacks dumped otherwise)").isTrue();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(10, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

}
