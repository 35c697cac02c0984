package dev.tokenstarter.core.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The UTC system clock, read from the operating system every {@value #TICK_MILLIS} ms by one daemon
 * thread instead of on every call. A token is asked for on every API call and the clock is read each
 * time; on virtual machines that read costs more than everything else on the path, while expiry
 * decisions, made seconds ahead of expiry, do not need better than 10 ms. Should the thread ever stop,
 * the time it last read keeps being served: tokens then look fresh until an API call reports one as
 * invalid, which renews it.
 *
 * @author token-starter
 */
public final class TickingClock extends Clock {

	/**
	 * How often the time is read from the operating system, in milliseconds.
	 */
	public static final long TICK_MILLIS = 10;

	private static final TickingClock SYSTEM_UTC = new TickingClock();

	private volatile long millis = System.currentTimeMillis();

	private TickingClock() {
		ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "token-starter-clock");
			thread.setDaemon(true);
			return thread;
		});
		ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
	}

	/**
	 * Return the shared ticking UTC clock.
	 * @return the clock
	 */
	public static TickingClock systemUTC() {
		return SYSTEM_UTC;
	}

	private void tick() {
		long now = System.currentTimeMillis();
		if (now > this.millis) {
			this.millis = now;
		}
	}

	@Override
	public long millis() {
		return this.millis;
	}

	@Override
	public Instant instant() {
		return Instant.ofEpochMilli(this.millis);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return (ZoneOffset.UTC.equals(zone)) ? this : new Zoned(this, zone);
	}

	@Override
	public String toString() {
		return "TickingClock[UTC, " + TICK_MILLIS + " ms]";
	}

	private static final class Zoned extends Clock {

		private final TickingClock clock;

		private final ZoneId zone;

		Zoned(TickingClock clock, ZoneId zone) {
			this.clock = clock;
			this.zone = zone;
		}

		@Override
		public long millis() {
			return this.clock.millis();
		}

		@Override
		public Instant instant() {
			return this.clock.instant();
		}

		@Override
		public ZoneId getZone() {
			return this.zone;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this.clock.withZone(zone);
		}

	}

}
