package dev.tokenstarter.samples.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class MutableClockTests {

	private static final Instant START = Instant.parse("2025-01-15T10:00:00Z");

	@Test
	void startingAtWhenCreatedThenStandsStillInUtc() {
		MutableClock clock = MutableClock.startingAt(START);
		assertThat(clock.instant()).isEqualTo(START);
		assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
		assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
	}

	@Test
	void advanceWhenDurationGivenThenMovesByIt() {
		MutableClock clock = MutableClock.startingAt(START);
		clock.advance(Duration.ofMinutes(90));
		clock.advance(Duration.ofSeconds(-30));
		assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofMinutes(90)).minusSeconds(30));
	}

	@Test
	void setInstantWhenCalledThenJumpsThere() {
		MutableClock clock = MutableClock.startingAt(START);
		Instant later = START.plus(Duration.ofDays(3));
		clock.setInstant(later);
		assertThat(clock.instant()).isEqualTo(later);
	}

	@Test
	void withZoneWhenOriginalAdvancedThenDerivedClockFollows() {
		MutableClock clock = MutableClock.startingAt(START);
		ZoneId paris = ZoneId.of("Europe/Paris");
		Clock derived = clock.withZone(paris);
		clock.advance(Duration.ofHours(1));
		assertThat(derived.getZone()).isEqualTo(paris);
		assertThat(derived.instant()).isEqualTo(START.plus(Duration.ofHours(1)));
	}

	@Test
	void advanceWhenCalledConcurrentlyThenNoUpdateIsLost() throws Exception {
		MutableClock clock = MutableClock.startingAt(START);
		List<CompletableFuture<Void>> futures = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			futures.add(CompletableFuture.runAsync(() -> {
				for (int j = 0; j < 1000; j++) {
					clock.advance(Duration.ofMillis(1));
				}
			}));
		}
		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		assertThat(clock.instant()).isEqualTo(START.plusMillis(8000));
	}

	@Test
	void startingAtWhenNullThenThrows() {
		assertThatNullPointerException().isThrownBy(() -> MutableClock.startingAt(null))
			.withMessage("instant cannot be null");
	}

}
