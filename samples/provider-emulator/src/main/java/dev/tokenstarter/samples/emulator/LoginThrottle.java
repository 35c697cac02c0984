package dev.tokenstarter.samples.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Suspends an account once more than the tolerated number of logins happened within a
 * rolling hour, as Firebase may do for excessive token generation. A suspension lasts until
 * {@link #clear()}.
 */
final class LoginThrottle {

	private static final Duration WINDOW = Duration.ofHours(1);

	private final int loginsBeforeSuspension;

	private final Deque<Instant> logins = new ArrayDeque<>();

	private boolean suspended;

	LoginThrottle(int loginsBeforeSuspension) {
		this.loginsBeforeSuspension = loginsBeforeSuspension;
	}

	synchronized boolean isSuspended() {
		return this.suspended;
	}

	synchronized void recordLogin(Instant now) {
		Instant windowStart = now.minus(WINDOW);
		while (!this.logins.isEmpty() && !this.logins.peekFirst().isAfter(windowStart)) {
			this.logins.removeFirst();
		}
		this.logins.addLast(now);
		if (this.logins.size() > this.loginsBeforeSuspension) {
			this.suspended = true;
		}
	}

	synchronized void clear() {
		this.logins.clear();
		this.suspended = false;
	}

}
