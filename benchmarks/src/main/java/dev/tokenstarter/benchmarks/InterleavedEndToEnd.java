package dev.tokenstarter.benchmarks;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The end-to-end comparison measured call by call, alternating the bare client and token-starter's in
 * the same loop (and which of the two goes first in each round), so that drift in the machine's load
 * falls on both alike; medians keep the odd slow call out. The JMH {@code e2e} lines run one client
 * after the other and so report drift as overhead on a busy machine.
 *
 * @author token-starter
 */
final class InterleavedEndToEnd {

	private InterleavedEndToEnd() {
	}

	static void run(boolean quick, Consumer<ResultLine> out) {
		EndToEndBenchmark calls = new EndToEndBenchmark();
		calls.setUp();
		try {
			int warmup = quick ? 2_000 : 5_000;
			int rounds = quick ? 5_000 : 20_000;
			measure("restclient", calls::restClientBare, calls::restClientTokenStarter, warmup, rounds, out);
			measure("webclient", calls::webClientBare, calls::webClientTokenStarter, warmup, rounds, out);
		}
		finally {
			calls.tearDown();
		}
	}

	private static void measure(String client, Supplier<String> bare, Supplier<String> tokenStarter, int warmup,
			int rounds, Consumer<ResultLine> out) {
		for (int i = 0; i < warmup; i++) {
			bare.get();
			tokenStarter.get();
		}
		long[] bareNanos = new long[rounds];
		long[] tokenStarterNanos = new long[rounds];
		for (int i = 0; i < rounds; i++) {
			if ((i & 1) == 0) {
				bareNanos[i] = time(bare);
				tokenStarterNanos[i] = time(tokenStarter);
			}
			else {
				tokenStarterNanos[i] = time(tokenStarter);
				bareNanos[i] = time(bare);
			}
		}
		Arrays.sort(bareNanos);
		Arrays.sort(tokenStarterNanos);
		double bareMedian = bareNanos[rounds / 2] / 1e3;
		double tokenStarterMedian = tokenStarterNanos[rounds / 2] / 1e3;
		out.accept(ResultLine.of("e2e-interleaved")
			.with("client", client)
			.with("calls", rounds)
			.with("bare_p50_us", bareMedian, 1)
			.with("token_starter_p50_us", tokenStarterMedian, 1)
			.with("overhead_pct", (tokenStarterMedian / bareMedian - 1) * 100, 1)
			.with("bare_p90_us", bareNanos[rounds * 9 / 10] / 1e3, 1)
			.with("token_starter_p90_us", tokenStarterNanos[rounds * 9 / 10] / 1e3, 1));
	}

	private static long time(Supplier<String> call) {
		long start = System.nanoTime();
		String body = call.get();
		long elapsed = System.nanoTime() - start;
		if (body == null) {
			throw new IllegalStateException("API call returned no body");
		}
		return elapsed;
	}

}
