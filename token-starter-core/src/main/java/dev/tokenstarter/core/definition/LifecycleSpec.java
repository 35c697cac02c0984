package dev.tokenstarter.core.definition;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * When a token is renewed and how hard token-starter tries.
 * <p>
 * By default (no ratio) a token is renewed in the background a bounded margin before it becomes unusable,
 * so that it is used nearly to its end: for a token living {@code L} with clock skew {@code s}, it is
 * usable until {@code expiry - min(s, L/10)} and renewed at {@code expiry - min(min(s, L/10) + d, L/5)},
 * where {@code d} is the time a renewal may need (every attempt at the slowest observed token-request
 * latency plus the back-off between them, between 5 and 30 seconds). A ratio renews after that share of
 * the lifetime instead; a window renews no later than that long before expiry.
 *
 * @param refreshAheadRatio share of a token's lifetime after which one background renewal starts,
 * between 0 (exclusive) and 1 (inclusive: no renewal ahead of expiry), or {@code null} for the default
 * policy
 * @param refreshAheadWindow renew once the token is this close to expiry, whichever of it and the ratio
 * (or the default policy) comes first; {@code null} for none
 * @param clockSkew how much earlier than its stated expiry a token is treated as expired, at most a
 * tenth of the token's lifetime
 * @param budget how many tokens may be issued in which windows, or {@code null} for no limit
 * @param retry retries of a token request that failed for a transient reason
 * @author token-starter
 */
public record LifecycleSpec(@Nullable Double refreshAheadRatio, @Nullable Duration refreshAheadWindow,
		Duration clockSkew, @Nullable IssuanceBudgetSpec budget, RetrySpec retry) {

	/**
	 * Largest share of a token's lifetime that the clock skew takes, so that a token shorter than ten
	 * times the skew is still used for nine tenths of its life.
	 */
	public static final double MAX_CLOCK_SKEW_SHARE = 0.1;

	public LifecycleSpec {
		Assert.isTrue(refreshAheadRatio == null || (refreshAheadRatio > 0 && refreshAheadRatio <= 1),
				"refreshAheadRatio must be in (0, 1]");
		Assert.isTrue(refreshAheadWindow == null || !refreshAheadWindow.isNegative(),
				"refreshAheadWindow must not be negative");
		Assert.isTrue(clockSkew != null && !clockSkew.isNegative(), "clockSkew must not be negative");
		Assert.notNull(retry, "retry cannot be null");
	}

	/**
	 * Return the defaults: the default renewal policy, 30 seconds of clock skew, no budget, three attempts
	 * with back-off from 200 ms to 5 s.
	 * @return the default lifecycle
	 */
	public static LifecycleSpec defaults() {
		return new LifecycleSpec(null, null, Duration.ofSeconds(30), null, RetrySpec.defaults());
	}

	/**
	 * Return the clock skew applied to a token of the given lifetime: the configured skew, capped to
	 * {@value #MAX_CLOCK_SKEW_SHARE} of the lifetime so that skew never makes a fresh token unusable.
	 * @param lifetime the token's lifetime, from issue to expiry
	 * @return the skew, in milliseconds
	 */
	public long clockSkewMillis(long lifetime) {
		return Math.min(this.clockSkew.toMillis(), (long) (Math.max(lifetime, 0) * MAX_CLOCK_SKEW_SHARE));
	}

	/**
	 * How many tokens may be issued: limits in one or more fixed windows (such as 5 a minute and 50 a day),
	 * all of which must have room, and a minimum interval between two token requests.
	 *
	 * @param limits the windows' limits, none for no limit per window
	 * @param minInterval the shortest time between two token requests, or {@code null} for none
	 */
	public record IssuanceBudgetSpec(List<BudgetLimit> limits, @Nullable Duration minInterval) {

		public IssuanceBudgetSpec {
			Assert.notNull(limits, "limits cannot be null");
			limits = List.copyOf(limits);
			Assert.isTrue(minInterval == null || (!minInterval.isNegative() && !minInterval.isZero()),
					"minInterval must be positive");
			Assert.isTrue(!limits.isEmpty() || minInterval != null, "a budget needs a limit or a minimum interval");
		}

		/**
		 * Create a budget of one window.
		 * @param limit the number of tokens per period
		 * @param period the window the limit applies to, such as one day
		 */
		public IssuanceBudgetSpec(int limit, Duration period) {
			this(List.of(new BudgetLimit(limit, period)), null);
		}

	}

	/**
	 * How many tokens may be issued per period.
	 *
	 * @param limit the number of tokens
	 * @param period the window the limit applies to, such as one day
	 */
	public record BudgetLimit(int limit, Duration period) {

		public BudgetLimit {
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
