package dev.tokenstarter.benchmarks;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks ({@link WarmBenchmark}, {@link EndToEndBenchmark}) through JMH's Runner API,
 * one fork each, with JMH's own report on standard error, and turns the results into result lines.
 *
 * @author token-starter
 */
final class JmhBenchmarks {

	private JmhBenchmarks() {
	}

	static void run(boolean quick, boolean warm, boolean e2e, Consumer<ResultLine> out) {
		if (!warm && !e2e) {
			return;
		}
		OptionsBuilder builder = new OptionsBuilder();
		if (warm) {
			builder.include(benchmarksOf(WarmBenchmark.class));
		}
		if (e2e) {
			builder.include(benchmarksOf(EndToEndBenchmark.class));
		}
		Options options = builder.forks(1)
			.warmupIterations(quick ? 2 : 5)
			.warmupTime(TimeValue.seconds(quick ? 1 : 2))
			.measurementIterations(quick ? 3 : 8)
			.measurementTime(TimeValue.seconds(quick ? 1 : 2))
			.jvmArgsAppend("-Xms512m", "-Xmx512m")
			.shouldFailOnError(true)
			.build();
		Map<String, Result<?>> results = new HashMap<>();
		for (RunResult result : run(options)) {
			String benchmark = result.getParams().getBenchmark();
			results.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), result.getPrimaryResult());
		}
		if (warm) {
			Result<?> tokenStarter = results.get("tokenStarter");
			Result<?> stock = results.get("springSecurity");
			out.accept(ResultLine.of("warm")
				.with("impl", "token-starter")
				.with("ns_per_op", tokenStarter.getScore(), 1)
				.with("error", tokenStarter.getScoreError(), 1));
			out.accept(ResultLine.of("warm")
				.with("impl", "spring-security")
				.with("ns_per_op", stock.getScore(), 1)
				.with("error", stock.getScoreError(), 1));
			out.accept(ResultLine.of("warm").with("speedup", stock.getScore() / tokenStarter.getScore(), 1));
			Result<?> clockRead = results.get("clockRead");
			out.accept(ResultLine.of("warm")
				.with("impl", "baseline-clock-read")
				.with("ns_per_op", clockRead.getScore(), 1)
				.with("error", clockRead.getScoreError(), 1));
		}
		if (e2e) {
			out.accept(overhead("restclient", results.get("restClientBare"), results.get("restClientTokenStarter")));
			out.accept(overhead("webclient", results.get("webClientBare"), results.get("webClientTokenStarter")));
		}
	}

	private static ResultLine overhead(String client, Result<?> bare, Result<?> tokenStarter) {
		return ResultLine.of("e2e")
			.with("client", client)
			.with("bare_us", bare.getScore(), 2)
			.with("token_starter_us", tokenStarter.getScore(), 2)
			.with("overhead_pct", (tokenStarter.getScore() - bare.getScore()) / bare.getScore() * 100, 1)
			.with("bare_error_us", bare.getScoreError(), 2)
			.with("token_starter_error_us", tokenStarter.getScoreError(), 2);
	}

	private static String benchmarksOf(Class<?> type) {
		return "^" + Pattern.quote(type.getName() + ".");
	}

	private static Collection<RunResult> run(Options options) {
		try {
			return new Runner(options, OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL)).run();
		}
		catch (RunnerException ex) {
			throw new IllegalStateException("JMH run failed", ex);
		}
	}

}
