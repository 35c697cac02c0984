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
		int doublings = attempt - 1;
		long base = (doublings >= Long.SIZE - 1 || initial > (max >> doublings)) ? max : initial << doublings;
		long jitter = (long) (base * this.spec.jitter() * this.random.getAsDouble());
		return Duration.ofNanos(base - jitter);
	}

}
