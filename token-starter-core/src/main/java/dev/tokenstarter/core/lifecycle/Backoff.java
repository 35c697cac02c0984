package dev.tokenstarter.core.lifecycle;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import org.jspecify.annotations.Nullable;

import dev.tokenstarter.core.definition.LifecycleSpec.RetrySpec;

/**
 * Exponential back-off with jitter: the wait before attempt {@code n + 1} is
 * {@code min(initial * 2^(n-1), max)}, of which the jitter share is random. An endpoint that says how
 * long to wait ({@code Retry-After}) is waited for that long instead when it is longer, but never longer
 * than the maximum.
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

	Duration delayAfter(int attempt, @Nullable Duration retryAfter) {
		Duration delay = delayAfter(attempt);
		if (retryAfter == null || retryAfter.compareTo(delay) <= 0) {
			return delay;
		}
		Duration max = this.spec.maxBackoff();
		return (retryAfter.compareTo(max) < 0) ? retryAfter : max;
	}

}
