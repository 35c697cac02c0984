package dev.tokenstarter.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.util.Assert;

/**
 * A clock that benchmarks move by hand, shared by everything that decides about expiry, so that hours
 * of token lifetime pass without waiting.
 *
 * @author token-starter
 */
public final class MutableClock extends Clock {

	private final AtomicReference<Instant> now;

	/**
	 * Create a clock showing the given instant.
	 * @param start the instant
	 */
	public MutableClock(Instant start) {
		Assert.notNull(start, "start cannot be null");
		this.now = new AtomicReference<>(start);
	}

	/**
	 * Move the clock forward.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		Assert.notNull(duration, "duration cannot be null");
		this.now.updateAndGet((current) -> current.plus(duration));
	}

	/**
	 * Set the clock.
	 * @param instant the instant it shows from now on
	 */
	public void set(Instant instant) {
		Assert.notNull(instant, "instant cannot be null");
		this.now.set(instant);
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	@Override
	public long millis() {
		return this.now.get().toEpochMilli();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("MutableClock is always UTC");
	}

}
