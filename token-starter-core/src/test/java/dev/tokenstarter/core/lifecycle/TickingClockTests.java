package dev.tokenstarter.core.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TickingClock}. Each clock reads a time source the test moves; the threads are real,
 * and the tests wait for time to move on after a thread was killed or stalled. By design that takes
 * {@value TickingClock#WATCH_MILLIS} ms at most; the tests allow five seconds, so that a loaded machine that
 * does not run a woken thread at once cannot fail them.
 *
 * @author token-starter
 */
class TickingClockTests {

	private static final Duration NOTICED_WITHIN = Duration.ofSeconds(5);

	private static final long START = Instant.parse("2025-06-20T02:00:00Z").toEpochMilli();

	private final AtomicLong now = new AtomicLong(START);

	private TickingClock clock;

	@AfterEach
	void stopClock() {
		if (this.clock != null) {
			this.clock.shutdown();
		}
	}

	@Test
	void millisWhenSourceMovesThenFollowsWithinATick() {
		this.clock = new TickingClock(this.now::get);
		assertThat(this.clock.millis()).isEqualTo(START);

		this.now.addAndGet(5_000);

		await().atMost(NOTICED_WITHIN).until(() -> this.clock.millis() == START + 5_000);
		assertThat(this.clock.instant()).isEqualTo(Instant.ofEpochMilli(START + 5_000));
	}

	@Test
	void millisWhenTickerKilledThenTimeMovesOnAndATickerIsStartedAgain() {
		this.clock = new TickingClock(this.now::get);
		Thread killed = this.clock.tickerThread();

		this.clock.killTicker();
		this.now.addAndGet(5_000);

		await().atMost(NOTICED_WITHIN).until(() -> this.clock.millis() == START + 5_000);
		await().atMost(NOTICED_WITHIN).until(() -> {
			Thread ticker = this.clock.tickerThread();
			return ticker != null && ticker != killed && ticker.isAlive();
		});
		assertThat(this.clock.tickerThread().getName()).isEqualTo("token-starter-clock");
		assertThat(this.clock.tickerThread().isDaemon()).isTrue();
	}

	@Test
	void millisWhenTickerStallsThenWatchdogMovesTimeOn() {
		CountDownLatch stall = new CountDownLatch(1);
		AtomicBoolean stalling = new AtomicBoolean();
		this.clock = new TickingClock(stallInTicker(stall, stalling));
		try {
			await().atMost(NOTICED_WITHIN).untilTrue(stalling);

			this.now.addAndGet(5_000);

			await().atMost(NOTICED_WITHIN).until(() -> this.clock.millis() == START + 5_000);
			assertThat(this.clock.tickerThread().isAlive()).as("stalled ticker still there").isTrue();
		}
		finally {
			stall.countDown();
		}
	}

	@Test
	void millisWhenTickThrowsOutOfMemoryErrorThenTickerSurvivesAndTimeMovesOn() {
		AtomicBoolean thrown = new AtomicBoolean();
		this.clock = new TickingClock(() -> {
			if (Thread.currentThread().getName().equals("token-starter-clock") && thrown.compareAndSet(false, true)) {
				throw new OutOfMemoryError("Java heap space");
			}
			return this.now.get();
		});
		Thread ticker = this.clock.tickerThread();
		await().atMost(NOTICED_WITHIN).untilTrue(thrown);

		this.now.addAndGet(5_000);

		await().atMost(NOTICED_WITHIN).until(() -> this.clock.millis() == START + 5_000);
		assertThat(this.clock.tickerThread()).isSameAs(ticker);
		assertThat(ticker.isAlive()).isTrue();
	}

	@Test
	void millisWhenWatchdogKilledThenTickerStartsItAgain() {
		this.clock = new TickingClock(this.now::get);
		Thread killed = this.clock.watchdogThread();

		this.clock.killWatchdog();

		await().atMost(NOTICED_WITHIN).until(() -> {
			Thread watchdog = this.clock.watchdogThread();
			return watchdog != null && watchdog != killed && watchdog.isAlive();
		});
		assertThat(this.clock.watchdogThread().getName()).isEqualTo("token-starter-clock-watchdog");
	}

	@Test
	void millisWhenSourceGoesBackThenReadingsDoNot() {
		this.clock = new TickingClock(this.now::get);
		this.now.addAndGet(5_000);
		await().atMost(NOTICED_WITHIN).until(() -> this.clock.millis() == START + 5_000);

		this.now.set(START);

		await().during(Duration.ofMillis(3 * TickingClock.WATCH_MILLIS))
			.atMost(NOTICED_WITHIN)
			.until(() -> this.clock.millis() == START + 5_000);
	}

	@Test
	void systemUTCWhenReadThenCloseToSystemTimeInUtc() {
		TickingClock system = TickingClock.systemUTC();

		assertThat(system.millis()).isCloseTo(System.currentTimeMillis(), within(1_000L));
		assertThat(system.getZone()).isEqualTo(ZoneOffset.UTC);
		assertThat(system.withZone(ZoneOffset.UTC)).isSameAs(system);
		assertThat(system.withZone(ZoneId.of("Europe/Paris")).millis()).isCloseTo(System.currentTimeMillis(),
				within(1_000L));
	}

	/**
	 * Return a source that blocks the ticking thread, from its second reading, until the latch opens.
	 */
	private LongSupplier stallInTicker(CountDownLatch stall, AtomicBoolean stalling) {
		AtomicLong readings = new AtomicLong();
		return () -> {
			if (Thread.currentThread().getName().equals("token-starter-clock") && readings.incrementAndGet() > 1) {
				stalling.set(true);
				try {
					stall.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return this.now.get();
		};
	}

}
