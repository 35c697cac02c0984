package dev.tokenstarter.core.lifecycle;

import dev.tokenstarter.core.definition.LifecycleSpec.RetrySpec;

/**
 * How long before a token becomes unusable its background renewal starts, by default: long enough for
 * every attempt the retry settings allow at the slowest token-request latency observed lately, plus the
 * back-off between them, and never less than {@value #MIN_MILLIS} ms nor more than {@value #MAX_MILLIS}
 * ms. The slowest latency decays by a quarter towards each new observation, so one slow request raises
 * the lead at once and a run of fast ones lowers it again.
 *
 * @author token-starter
 */
final class RenewalLead {

	/**
	 * Shortest lead, in milliseconds: room for a pause or a cold connection beyond what was observed.
	 */
	static final long MIN_MILLIS = 5_000;

	/**
	 * Longest lead, in milliseconds, so that a long-lived token is never renewed much more than a minute
	 * (the lead and the default skew) before its expiry.
	 */
	static final long MAX_MILLIS = 30_000;

	private final int attempts;

	private final long backoffMillis;

	private volatile long slowestMillis;

	RenewalLead(RetrySpec retry) {
		this.attempts = retry.maxAttempts();
		Backoff longest = new Backoff(retry, () -> 0);
		long backoff = 0;
		for (int attempt = 1; attempt < retry.maxAttempts() && backoff < MAX_MILLIS; attempt++) {
			backoff += longest.delayAfter(attempt).toMillis();
		}
		this.backoffMillis = backoff;
	}

	/**
	 * Record how long one token request took.
	 * @param latencyMillis the time from sending it to its outcome
	 */
	void observe(long latencyMillis) {
		long latency = Math.max(latencyMillis, 0);
		long slowest = this.slowestMillis;
		this.slowestMillis = Math.max(latency, slowest - (slowest - latency) / 4);
	}

	/**
	 * Return the lead.
	 * @return the lead, in milliseconds
	 */
	long millis() {
		long needed = Math.min(this.attempts * this.slowestMillis, MAX_MILLIS) + this.backoffMillis;
		return Math.max(MIN_MILLIS, Math.min(needed, MAX_MILLIS));
	}

}
