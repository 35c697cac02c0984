package dev.tokenstarter.core.definition;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * When a token is renewed and how hard token-starter tries.
 *
 * @param refreshAheadRatio share of a token's lifetime after which one background renewal starts,
 * between 0 (exclusive) and 1 (inclusive: no renewal ahead of expiry)
 * @param refreshAheadWindow renew once the token is this close to expiry, whichever of the two comes
 * first; {@code null} for the ratio alone
 * @param clockSkew how much earlier than its stated expiry a token is treated as expired
 * @param budget how many tokens may be issued in a period, or {@code null} for no limit
 * @param retry retries of a token request that failed for a transient reason
 * @author token-starter
 */
public record LifecycleSpec(double refreshAheadRatio, @Nullable Duration refreshAheadWindow, Duration clockSkew,
		@Nullable IssuanceBudgetSpec budget, RetrySpec retry) {

	public LifecycleSpec {
		Assert.isTrue(refreshAheadRatio > 0 && refreshAheadRatio <= 1, "refreshAheadRatio must be in (0, 1]");
		Assert.isTrue(refreshAheadWindow == null || !refreshAheadWindow.isNegative(),
				"refreshAheadWindow must not be negative");
		Assert.isTrue(clockSkew != null && !clockSkew.isNegative(), "clockSkew must not be negative");
		Assert.notNull(retry, "retry cannot be null");
	}

	/**
	 * Return the defaults: renew after 80% of the lifetime, 30 seconds of clock skew, no budget, three
	 * attempts with back-off from 200 ms to 5 s.
	 * @return the default lifecycle
	 */
	public static LifecycleSpec defaults() {
		return new LifecycleSpec(0.8, null, Duration.ofSeconds(30), null, RetrySpec.defaults());
	}

	/**
	 * How many tokens may be issued per period.
	 *
	 * @param limit the number of tokens
	 * @param period the window the limit applies to, such as one day
	 */
	public record IssuanceBudgetSpec(int limit, Duration period) {

		public IssuanceBudgetSpec {
			Assert.isTrue(limit > 0, "limit must be positive");
			Assert.isTrue(period != null && !period.isNegative() && !period.isZero(), "period must be positive");
		}

	}

	/**
	 * Bounded retries with exponential back-off and jitter.
	 *
	 * @param maxAttempts attempts in all, 1 for no retry
	 * @param initialBackoff wait before the second attempt
	 * @param maxBackoff longest wait between attempts
	 * @param jitter share of each wait that is random, between 0 and 1
	 */
	public record RetrySpec(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {

		public RetrySpec {
			Assert.isTrue(maxAttempts >= 1, "maxAttempts must be at least 1");
			Assert.isTrue(initialBackoff != null && !initialBackoff.isNegative(), "initialBackoff must not be negative");
			Assert.isTrue(maxBackoff != null && maxBackoff.compareTo(initialBackoff) >= 0,
					"maxBackoff must not be less than initialBackoff");
			Assert.isTrue(jitter >= 0 && jitter <= 1, "jitter must be between 0 and 1");
		}

		/**
		 * Return three attempts with back-off from 200 ms to 5 s and 20% jitter.
		 * @return the default retry
		 */
		public static RetrySpec defaults() {
			return new RetrySpec(3, Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);
		}

	}

}
