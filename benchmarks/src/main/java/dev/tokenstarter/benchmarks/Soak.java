package dev.tokenstarter.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.core.attach.TokenClientHttpRequestInterceptor;
import dev.tokenstarter.core.attach.TokenExchangeFilterFunction;
import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.lifecycle.Delayer;
import dev.tokenstarter.core.lifecycle.TickingClock;

/**
 * Many threads call an API that checks every token, for a minute (15 seconds in quick mode), through
 * token-starter: half through a RestClient with its interceptor, half through a WebClient with its
 * filter, on one client whose tokens live {@value #LIFETIME_S} seconds, at default settings, on the real
 * clock. The API refuses an unknown or expired token; token-starter must renew in the background, ahead
 * of expiry, so that no call fails, no call is refused, and calls made around a token change (within a
 * second of it) are no slower than the others.
 *
 * @author token-starter
 */
final class Soak {

	static final int LIFETIME_S = 5;

	private static final int THREADS = 16;

	/**
	 * Pause of each thread between two calls, so that the callers load the machine without saturating it:
	 * a saturated machine measures its run queue, not the calls.
	 */
	private static final long PAUSE_MILLIS = 5;

	/**
	 * Calls before the measured time: longer than a token's life, so that the first renewal, which loads
	 * and compiles its code paths once, falls in the warm-up and not in the first measured rollover.
	 */
	private static final Duration WARM_UP = Duration.ofSeconds(LIFETIME_S + 2);

	private static final long ROLLOVER_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private Soak() {
	}

	static void run(boolean quick, Consumer<ResultLine> out) {
		Duration length = quick ? Duration.ofSeconds(15) : Duration.ofMinutes(1);
		try (LoopbackServer server = LoopbackServer.start()) {
			server.setExpiresIn(Duration.ofSeconds(LIFETIME_S));
			TokenStarterFixture tokenStarter = TokenStarterFixture.create(server.uri(LoopbackServer.JSON_TOKEN_PATH),
					LifecycleSpec.defaults(), TokenStarterFixture.expiresIn(), TickingClock.systemUTC(),
					JdkHttp.client());
			// Renewals on a pool of their own, as the auto-configuration runs them, not on the common pool.
			ExecutorService renewals = Executors.newCachedThreadPool((task) -> {
				Thread thread = new Thread(task, "soak-renewal");
				thread.setDaemon(true);
				return thread;
			});
			tokenStarter.lifecycle().setDelayer(Delayer.on(renewals));
			URI api = server.uri(LoopbackServer.CHECKED_API_PATH);
			RestClient restClient = RestClient.builder()
				.requestFactory(JdkHttp.requestFactory(JdkHttp.client()))
				.requestInterceptor(
						new TokenClientHttpRequestInterceptor(tokenStarter.lifecycle(), tokenStarter.definition()))
				.build();
			WebClient webClient = WebClient.builder()
				.clientConnector(JdkHttp.connector(JdkHttp.client()))
				.filter(new TokenExchangeFilterFunction(tokenStarter.lifecycle(), tokenStarter.definition()))
				.build();
			Supplier<String> restCall = () -> restClient.get().uri(api).retrieve().body(String.class);
			Supplier<String> webCall = () -> webClient.get()
				.uri(api)
				.retrieve()
				.bodyToMono(String.class)
				.block(TIMEOUT);
			tokenStarter.lifecycle().token();

			List<Caller> callers = new ArrayList<>();
			for (int i = 0; i < THREADS; i++) {
				callers.add(new Caller((i % 2 == 0) ? restCall : webCall));
			}
			AtomicBoolean measuring = new AtomicBoolean();
			AtomicBoolean running = new AtomicBoolean(true);
			CountDownLatch ended = new CountDownLatch(THREADS);
			for (int i = 0; i < THREADS; i++) {
				Caller caller = callers.get(i);
				Thread thread = new Thread(() -> {
					try {
						caller.run(running, measuring);
					}
					finally {
						ended.countDown();
					}
				}, "soak-" + ((i % 2 == 0) ? "restclient-" : "webclient-") + i);
				thread.setDaemon(true);
				thread.start();
			}
			sleep(WARM_UP);
			long refusedBefore = server.refusals();
			long start = System.nanoTime();
			measuring.set(true);
			sleep(length);
			measuring.set(false);
			long end = System.nanoTime();
			running.set(false);
			if (!ended.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("soak callers did not end");
			}
			long refusals = server.refusals() - refusedBefore;
			List<Long> issued = server.issuedAtNanos();
			long[] changes = issued.stream().mapToLong(Long::longValue).toArray();
			long tokensIssued = issued.stream().filter((at) -> at - start >= 0 && at - end <= 0).count();
			Latencies rollover = new Latencies();
			Latencies steady = new Latencies();
			long calls = 0;
			long failures = 0;
			for (Caller caller : callers) {
				calls += caller.count;
				failures += caller.failures.sum();
				for (int i = 0; i < caller.count; i++) {
					boolean nearChange = nearest(changes, caller.startedAt[i]) <= ROLLOVER_NANOS;
					(nearChange ? rollover : steady).add(caller.took[i]);
				}
			}
			out.accept(ResultLine.of("soak")
				.with("impl", "token-starter")
				.with("threads", THREADS)
				.with("seconds", length.toSeconds())
				.with("lifetime_s", LIFETIME_S)
				.with("calls", calls)
				.with("failures", failures)
				.with("api_rejections", refusals)
				.with("tokens_issued", tokensIssued)
				.with("minimum", (length.toSeconds() + LIFETIME_S - 1) / LIFETIME_S)
				.with("p99_us_rollover", rollover.p99() / 1e3, 0)
				.with("p99_us_steady", steady.p99() / 1e3, 0));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return how far an instant is from the nearest of sorted instants.
	 */
	private static long nearest(long[] sorted, long at) {
		int index = Arrays.binarySearch(sorted, at);
		if (index >= 0) {
			return 0;
		}
		int after = -index - 1;
		long distance = Long.MAX_VALUE;
		if (after < sorted.length) {
			distance = sorted[after] - at;
		}
		if (after > 0) {
			distance = Math.min(distance, at - sorted[after - 1]);
		}
		return distance;
	}

	private static void sleep(Duration duration) throws InterruptedException {
		Thread.sleep(duration.toMillis());
	}

	/**
	 * One thread's calls: when each measured call started and how long it took.
	 */
	private static final class Caller {

		private final Supplier<String> call;

		final LongAdder failures = new LongAdder();

		long[] startedAt = new long[4096];

		long[] took = new long[4096];

		int count;

		Caller(Supplier<String> call) {
			this.call = call;
		}

		void run(AtomicBoolean running, AtomicBoolean measuring) {
			while (running.get()) {
				boolean measured = measuring.get();
				long started = System.nanoTime();
				boolean failed;
				try {
					failed = this.call.get() == null;
				}
				catch (RuntimeException ex) {
					failed = true;
				}
				long elapsed = System.nanoTime() - started;
				if (measured) {
					if (failed) {
						this.failures.increment();
					}
					record(started, elapsed);
				}
				try {
					Thread.sleep(PAUSE_MILLIS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

		private void record(long started, long elapsed) {
			if (this.count == this.took.length) {
				this.startedAt = Arrays.copyOf(this.startedAt, this.count * 2);
				this.took = Arrays.copyOf(this.took, this.count * 2);
			}
			this.startedAt[this.count] = started;
			this.took[this.count] = elapsed;
			this.count++;
		}

	}

	/**
	 * Call latencies, in nanoseconds.
	 */
	private static final class Latencies {

		private long[] values = new long[1024];

		private int count;

		void add(long nanos) {
			if (this.count == this.values.length) {
				this.values = Arrays.copyOf(this.values, this.count * 2);
			}
			this.values[this.count++] = nanos;
		}

		double p99() {
			if (this.count == 0) {
				return Double.NaN;
			}
			long[] sorted = Arrays.copyOf(this.values, this.count);
			Arrays.sort(sorted);
			return sorted[Math.min(this.count - 1, (int) Math.ceil(this.count * 0.99) - 1)];
		}

	}

}
