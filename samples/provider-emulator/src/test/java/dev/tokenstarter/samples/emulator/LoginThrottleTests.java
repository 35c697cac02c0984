package dev.tokenstarter.samples.emulator;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTests {

	private static final Instant NOW = Instant.parse("2025-01-15T10:00:00Z");

	@Test
	void recordLoginWhenToleratedCountReachedThenNotSuspended() {
		LoginThrottle throttle = new LoginThrottle(3);
		for (int i = 0; i < 3; i++) {
			throttle.recordLogin(NOW.plusSeconds(i));
		}
		assertThat(throttle.isSuspended()).isFalse();
	}

	@Test
	void recordLoginWhenOneMoreThanToleratedWithinAnHourThenSuspended() {
		LoginThrottle throttle = new LoginThrottle(3);
		for (int i = 0; i < 4; i++) {
			throttle.recordLogin(NOW.plus(Duration.ofMinutes(19 * i)));
		}
		assertThat(throttle.isSuspended()).isTrue();
	}

	@Test
	void recordLoginWhenOldestLoginLeftTheWindowThenNotSuspended() {
		LoginThrottle throttle = new LoginThrottle(3);
		for (int i = 0; i < 4; i++) {
			throttle.recordLogin(NOW.plus(Duration.ofMinutes(20 * i)));
		}
		assertThat(throttle.isSuspended()).isFalse();
	}

	@Test
	void clearWhenSuspendedThenLiftsSuspension() {
		LoginThrottle throttle = new LoginThrottle(0);
		throttle.recordLogin(NOW);
		assertThat(throttle.isSuspended()).isTrue();
		throttle.clear();
		assertThat(throttle.isSuspended()).isFalse();
	}

}
