package dev.tokenstarter.core.lifecycle;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.tokenstarter.core.definition.LifecycleSpec.RetrySpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Backoff}.
 *
 * @author token-starter
 */
class BackoffTests {

	private static final RetrySpec SPEC = new RetrySpec(10, Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);

	@Test
	void delayAfterWhenNoJitterDrawnThenDoublesFromInitial() {
		Backoff backoff = new Backoff(SPEC, () -> 0.0);
		assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(200));
		assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofMillis(400));
		assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofMillis(800));
		assertThat(backoff.delayAfter(5)).isEqualTo(Duration.ofMillis(3200));
	}

	@Test
	void delayAfterWhenDoublingPassesMaximumThenCapped() {
		Backoff backoff = new Backoff(SPEC, () -> 0.0);
		assertThat(backoff.delayAfter(6)).isEqualTo(Duration.ofSeconds(5));
		assertThat(backoff.delayAfter(40)).isEqualTo(Duration.ofSeconds(5));
		assertThat(backoff.delayAfter(63)).isEqualTo(Duration.ofSeconds(5));
		assertThat(backoff.delayAfter(1000)).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void delayAfterWhenShiftWouldWrapAroundThenCapped() {
		RetrySpec spec = new RetrySpec(30, Duration.ofNanos((1L << 40) + 1), Duration.ofDays(365), 0);
		Backoff backoff = new Backoff(spec, () -> 0.0);
		for (int attempt = 1; attempt <= 64; attempt++) {
			assertThat(backoff.delayAfter(attempt)).as("attempt %d", attempt)
				.isGreaterThanOrEqualTo(backoff.delayAfter(Math.max(attempt - 1, 1)))
				.isLessThanOrEqualTo(Duration.ofDays(365));
		}
		assertThat(backoff.delayAfter(25)).isEqualTo(Duration.ofDays(365));
	}

	@Test
	void delayAfterWhenInitialIsZeroThenNoWait() {
		RetrySpec spec = new RetrySpec(3, Duration.ZERO, Duration.ofSeconds(5), 0.2);
		Backoff backoff = new Backoff(spec, () -> 0.5);
		assertThat(backoff.delayAfter(1)).isZero();
		assertThat(backoff.delayAfter(2)).isZero();
	}

	@Test
	void delayAfterWhenJitterDrawnThenRemovesAtMostJitterShare() {
		assertThat(new Backoff(SPEC, () -> 1.0).delayAfter(1)).isEqualTo(Duration.ofMillis(160));
		assertThat(new Backoff(SPEC, () -> 0.5).delayAfter(2)).isEqualTo(Duration.ofMillis(360));
		assertThat(new Backoff(SPEC, () -> 1.0).delayAfter(10)).isEqualTo(Duration.ofSeconds(4));
	}

	@Test
	void delayAfterWhenNoJitterConfiguredThenRandomIgnored() {
		RetrySpec spec = new RetrySpec(3, Duration.ofMillis(100), Duration.ofSeconds(1), 0);
		assertThat(new Backoff(spec, () -> 1.0).delayAfter(2)).isEqualTo(Duration.ofMillis(200));
	}

	@Test
	void delayAfterWhenRetryAfterLongerThanBackoffThenRetryAfter() {
		Backoff backoff = new Backoff(SPEC, () -> 0.0);
		assertThat(backoff.delayAfter(1, Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void delayAfterWhenRetryAfterShorterThanBackoffThenBackoff() {
		Backoff backoff = new Backoff(SPEC, () -> 0.0);
		assertThat(backoff.delayAfter(3, Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(800));
		assertThat(backoff.delayAfter(3, null)).isEqualTo(Duration.ofMillis(800));
	}

	@Test
	void delayAfterWhenRetryAfterBeyondMaximumThenMaximum() {
		Backoff backoff = new Backoff(SPEC, () -> 0.0);
		assertThat(backoff.delayAfter(1, Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(5));
	}

}
