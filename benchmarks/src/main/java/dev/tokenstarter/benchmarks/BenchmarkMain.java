package dev.tokenstarter.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs every benchmark and prints each result as one line, {@code name key=value ...}, on standard
 * output; progress and JMH's own report go to standard error.
 * <p>
 * Arguments: {@code --quick} (or {@code -Dquick=true}) for short JMH runs and a sparser simulated day, and
 * optionally the names of the benchmarks to run: {@code stampede}, {@code warm}, {@code e2e}, {@code day},
 * {@code fleet}, {@code fleet-day}, {@code budget}, {@code soak} (all by default).
 *
 * @author token-starter
 */
public final class BenchmarkMain {

	private static final List<String> ALL = List.of("stampede", "warm", "e2e", "day", "fleet", "fleet-day", "budget",
			"soak");

	private BenchmarkMain() {
	}

	/**
	 * Run the benchmarks.
	 * @param args {@code --quick} and benchmark names
	 */
	public static void main(String[] args) {
		boolean quick = Boolean.getBoolean("quick") || Arrays.asList(args).contains("--quick");
		Set<String> selected = new LinkedHashSet<>();
		for (String arg : args) {
			if (!arg.startsWith("--")) {
				if (!ALL.contains(arg)) {
					throw new IllegalArgumentException("Unknown benchmark '" + arg + "'; choose from " + ALL);
				}
				selected.add(arg);
			}
		}
		if (selected.isEmpty()) {
			selected.addAll(ALL);
		}
		Consumer<ResultLine> out = (line) -> {
			System.out.println(line);
			System.out.flush();
		};
		long start = System.nanoTime();
		out.accept(ResultLine.of("env")
			.with("mode", quick ? "quick" : "full")
			.with("java", System.getProperty("java.version"))
			.with("cores", Runtime.getRuntime().availableProcessors()));
		if (selected.contains("stampede")) {
			progress("stampede");
			Stampede.run(out);
		}
		if (selected.contains("warm") || selected.contains("e2e")) {
			progress("JMH: " + (selected.contains("warm") ? "warm " : "") + (selected.contains("e2e") ? "e2e" : ""));
			JmhBenchmarks.run(quick, selected.contains("warm"), selected.contains("e2e"), out);
		}
		if (selected.contains("e2e")) {
			progress("e2e, interleaved");
			InterleavedEndToEnd.run(quick, out);
		}
		if (selected.contains("day")) {
			progress("day");
			Day.run(quick, out);
		}
		if (selected.contains("fleet")) {
			progress("fleet");
			Fleet.run(out);
		}
		if (selected.contains("fleet-day")) {
			progress("fleet-day");
			FleetDay.run(out);
		}
		if (selected.contains("budget")) {
			progress("budget");
			BudgetDay.run(out);
		}
		if (selected.contains("soak")) {
			progress("soak");
			Soak.run(quick, out);
		}
		out.accept(ResultLine.of("done").with("elapsed_s", (System.nanoTime() - start) / 1e9, 1));
	}

	private static void progress(String what) {
		System.err.println("# running " + what);
	}

}
