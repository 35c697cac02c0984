package dev.tokenstarter.samples.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link Clock} that tests move by hand instead of sleeping. Safe to read and move from
 * several threads; clocks derived with {@link #withZone(ZoneId)} share the same timeline.
 */
public final class MutableClock extends Clock {

	private final AtomicReference<Instant> instant;

	private final ZoneId zone;

	private MutableClock(AtomicReference<Instant> instant, ZoneId zone) {
		this.instant = instant;
		this.zone = zone;
	}

	/**
	 * Create a clock in UTC that stands still at the given instant until moved.
	 * @param instant the initial instant
	 * @return a new clock
	 */
	public static MutableClock startingAt(Instant instant) {
		Objects.requireNonNull(instant, "instant cannot be null");
		return new MutableClock(new AtomicReference<>(instant), ZoneOffset.UTC);
	}

	/**
	 * Move the clock by the given amount; a negative duration moves it back.
	 * @param duration the amount to move by
	 */
	public void advance(Duration duration) {
		Objects.requireNonNull(duration, "duration cannot be null");
		this.instant.updateAndGet((current) -> current.plus(duration));
	}

	/**
	 * Set the clock to the given instant.
	 * @param instant the new instant
	 */
	public void setInstant(Instant instant) {
		Objects.requireNonNull(instant, "instant cannot be null");
		this.instant.set(instant);
	}

	@Override
	public Instant instant() {
		return this.instant.get();
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		Objects.requireNonNull(zone, "zone cannot be null");
		return new MutableClock(this.instant, zone);
	}

	@Override
	public String toString() {
		return "MutableClock[" + this.instant.get() + "," + this.zone + "]";
	}

}
