package dev.tokenstarter.core.lifecycle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The UTC system clock, read from the operating system every {@value #TICK_MILLIS} ms by one daemon
 * thread instead of on every call. A token is asked for on every API call and the clock is read each
 * time; on virtual machines that read costs more than everything else on the path, while expiry
 * decisions, made seconds ahead of expiry, do not need better than 10 ms. Reading this clock costs one
 * volatile read.
 * <p>
 * Time cannot freeze. The ticking thread runs a loop of its own that survives whatever its work throws
 * (an {@link OutOfMemoryError} included, which would stop a scheduled executor's periodic task for good),
 * and a second daemon thread, the watchdog, ticks too, every {@value #WATCH_MILLIS} ms: should the ticking
 * thread stall or die, time still moves on, at most {@value #WATCH_MILLIS} ms behind, and the watchdog
 * starts a new ticking thread. The ticking thread does the same for the watchdog. Readings never go back.
 *
 * @author token-starter
 */
public final class TickingClock extends Clock {

	/**
	 * How often the time is read from the operating system, in milliseconds.
	 */
	public static final long TICK_MILLIS = 10;

	/**
	 * How often the watchdog reads the time, and checks on the ticking thread, in milliseconds.
	 */
	public static final long WATCH_MILLIS = 100;

	private static final VarHandle MILLIS;

	static {
		try {
			MILLIS = MethodHandles.lookup().findVarHandle(TickingClock.class, "millis", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private static final TickingClock SYSTEM_UTC = new TickingClock(System::currentTimeMillis);

	private final LongSupplier source;

	private final Ticker ticker;

	private final Ticker watchdog;

	private volatile long millis;

	/**
	 * Create a clock that ticks from the given source, and start its threads.
	 * @param source the time in epoch milliseconds, such as {@link System#currentTimeMillis()}
	 */
	TickingClock(LongSupplier source) {
		this.source = source;
		this.millis = source.getAsLong();
		this.ticker = new Ticker("token-starter-clock", TICK_MILLIS);
		this.watchdog = new Ticker("token-starter-clock-watchdog", WATCH_MILLIS);
		this.ticker.partner = this.watchdog;
		this.watchdog.partner = this.ticker;
		this.ticker.ensureRunning();
		this.watchdog.ensureRunning();
	}

	/**
	 * Return the shared ticking UTC clock.
	 * @return the clock
	 */
	public static TickingClock systemUTC() {
		return SYSTEM_UTC;
	}

	private void tick() {
		long now = this.source.getAsLong();
		long current = this.millis;
		while (now > current && !MILLIS.compareAndSet(this, current, now)) {
			current = this.millis;
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

	/**
	 * Return the thread that ticks every {@value #TICK_MILLIS} ms; a test hook.
	 */
	@Nullable Thread tickerThread() {
		return this.ticker.thread;
	}

	/**
	 * Return the watchdog thread; a test hook.
	 */
	@Nullable Thread watchdogThread() {
		return this.watchdog.thread;
	}

	/**
	 * Stop the thread that ticks every {@value #TICK_MILLIS} ms, as if it had died; a test hook.
	 */
	void killTicker() {
		this.ticker.kill();
	}

	/**
	 * Stop the watchdog thread, as if it had died; a test hook.
	 */
	void killWatchdog() {
		this.watchdog.kill();
	}

	/**
	 * Stop both threads for good; a test hook for clocks of tests.
	 */
	void shutdown() {
		this.ticker.stopped = true;
		this.watchdog.stopped = true;
		this.ticker.kill();
		this.watchdog.kill();
	}

	/**
	 * A daemon thread that ticks at its period until it is replaced or killed, and starts its partner
	 * again when the partner's thread has ended.
	 */
	private final class Ticker {

		private final String name;

		private final long periodNanos;

		private @Nullable Ticker partner;

		private volatile @Nullable Thread thread;

		private volatile boolean stopped;

		Ticker(String name, long periodMillis) {
			this.name = name;
			this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
		}

		/**
		 * Start a thread unless one is running.
		 */
		void ensureRunning() {
			Thread current = this.thread;
			if (this.stopped || (current != null && current.isAlive())) {
				return;
			}
			Thread started = new Thread(this::run, this.name);
			started.setDaemon(true);
			this.thread = started;
			started.start();
		}

		void kill() {
			Thread current = this.thread;
			this.thread = null;
			if (current != null) {
				LockSupport.unpark(current);
			}
		}

		private void run() {
			Thread self = Thread.currentThread();
			while (this.thread == self) {
				try {
					tick();
					Ticker partner = this.partner;
					if (partner != null) {
						partner.ensureRunning();
					}
					LockSupport.parkNanos(this.periodNanos);
					// An interrupt would end every later park at once: clear it.
					Thread.interrupted();
				}
				catch (Throwable ex) {
					// Keep ticking: time must not freeze, whatever went wrong (even out of memory).
				}
			}
		}

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
