package dev.tokenstarter.core.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that tests move forward instead of sleeping. Thread-safe.
 *
 * @author token-starter
 */
public final class MutableClock extends Clock {

	private final AtomicReference<Instant> now;

	public MutableClock(Instant start) {
		this.now = new AtomicReference<>(start);
	}

	/**
	 * Return a clock at 2026-03-01T10:00:00Z.
	 * @return the clock
	 */
	public static MutableClock start() {
		return new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
	}

	/**
	 * Move the clock forward.
	 * @param duration how far
	 * @return the new time
	 */
	public Instant advance(Duration duration) {
		return this.now.updateAndGet((current) -> current.plus(duration));
	}

	/**
	 * Set the clock.
	 * @param instant the new time
	 */
	public void set(Instant instant) {
		this.now.set(instant);
	}

	@Override
	public Instant instant() {
		return this.now.get();
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
