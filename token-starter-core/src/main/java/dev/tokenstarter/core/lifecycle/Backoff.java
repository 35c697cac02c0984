package dev.tokenstarter.core.lifecycle;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import dev.tokenstarter.core.definition.LifecycleSpec.RetrySpec;

/**
 * Exponential back-off with jitter: the wait before attempt {@code n + 1} is
 * {@code min(initial * 2^(n-1), max)}, of which the jitter share is random.
 *
 * @author token-starter
 */
final class Backoff {

	private final RetrySpec spec;

	private final DoubleSupplier random;

	Backoff(RetrySpec spec, DoubleSupplier random) {
		this.spec = spec;
		this.random = random;
	}

	Duration delayAfter(int attempt) {
		long initial = this.spec.initialBackoff().toNanos();
		long max = this.spec.maxBackoff().toNanos();
		long base = (attempt >= 62 || initial << (attempt - 1) <= 0) ? max
				: Math.min(initial << (attempt - 1), max);
		long jitter = (long) (base * this.spec.jitter() * this.random.getAsDouble());
		return Duration.ofNanos(base - jitter);
	}

}
