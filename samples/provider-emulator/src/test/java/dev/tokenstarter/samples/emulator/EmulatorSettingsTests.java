package dev.tokenstarter.samples.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EmulatorSettingsTests {

	@Test
	void defaultsWhenBuiltThenFollowSeedDocuments() {
		EmulatorSettings settings = EmulatorSettings.defaults();
		assertThat(settings.port()).isZero();
		assertThat(settings.clock()).isEqualTo(Clock.systemUTC());
		assertThat(settings.latency()).isZero();
		assertThat(settings.accessTokenLifetime(Providers.MEMORIES)).isEqualTo(Duration.ofHours(2));
		assertThat(settings.accessTokenLifetime(Providers.TOKENS_MAKE)).isEqualTo(Duration.ofHours(24));
		assertThat(settings.accessTokenLifetime(Providers.MENTION_ME)).isEqualTo(Duration.ofHours(1));
		assertThat(settings.accessTokenLifetime(Providers.AGT)).isEqualTo(Duration.ofHours(1));
		assertThat(settings.accessTokenLifetime(Providers.FIREBASE_LOGIN)).isEqualTo(Duration.ofMinutes(45));
		assertThat(settings.accessTokenLifetime(Providers.SHORT_LIVED)).isEqualTo(Duration.ofSeconds(20));
		assertThat(settings.refreshTokenLifetime(Providers.MEMORIES)).isEqualTo(Duration.ofDays(60));
		assertThat(settings.refreshTokenLifetime(Providers.TOKENS_MAKE)).isEqualTo(Duration.ofDays(14));
		assertThat(settings.refreshTokenLifetime(Providers.FIREBASE_LOGIN)).isEqualTo(Duration.ofDays(1));
		assertThat(settings.dailyLimit(Providers.MEMORIES)).isEqualTo(50);
		assertThat(settings.dailyLimit(Providers.TOKENS_MAKE)).isEqualTo(100);
		assertThat(settings.loginsBeforeSuspension()).isEqualTo(10);
	}

	@Test
	void builderWhenOverridesGivenThenTheyWin() {
		MutableClock clock = MutableClock.startingAt(Instant.parse("2025-01-15T10:00:00Z"));
		EmulatorSettings settings = EmulatorSettings.builder()
			.port(8089)
			.clock(clock)
			.latency(Duration.ofMillis(50))
			.accessTokenLifetime(Providers.AGT, Duration.ofMinutes(5))
			.refreshTokenLifetime(Providers.TOKENS_MAKE, Duration.ofHours(1))
			.dailyLimit(Providers.MEMORIES, 3)
			.loginsBeforeSuspension(2)
			.build();
		assertThat(settings.port()).isEqualTo(8089);
		assertThat(settings.clock()).isSameAs(clock);
		assertThat(settings.latency()).isEqualTo(Duration.ofMillis(50));
		assertThat(settings.accessTokenLifetime(Providers.AGT)).isEqualTo(Duration.ofMinutes(5));
		assertThat(settings.accessTokenLifetime(Providers.MENTION_ME)).isEqualTo(Duration.ofHours(1));
		assertThat(settings.refreshTokenLifetime(Providers.TOKENS_MAKE)).isEqualTo(Duration.ofHours(1));
		assertThat(settings.dailyLimit(Providers.MEMORIES)).isEqualTo(3);
		assertThat(settings.loginsBeforeSuspension()).isEqualTo(2);
	}

	@Test
	void accessTokenLifetimeWhenUnknownProviderThenThrowsNamingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmulatorSettings.builder().accessTokenLifetime("nope", Duration.ofMinutes(1)))
			.withMessageContaining("'nope'");
	}

	@Test
	void dailyLimitWhenProviderHasNoLimitThenThrows() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmulatorSettings.builder().dailyLimit(Providers.AGT, 3))
			.withMessageContaining("'agt'");
	}

	@Test
	void refreshTokenLifetimeWhenProviderHasNoRefreshTokensThenThrows() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmulatorSettings.defaults().refreshTokenLifetime(Providers.MENTION_ME))
			.withMessageContaining("'mention-me'");
	}

	@Test
	void builderWhenValuesOutOfRangeThenThrowsWithValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> EmulatorSettings.builder().port(70000))
			.withMessageContaining("70000");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmulatorSettings.builder().latency(Duration.ofMillis(-1)))
			.withMessageContaining("PT-0.001S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmulatorSettings.builder().accessTokenLifetime(Providers.AGT, Duration.ZERO))
			.withMessageContaining("PT0S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmulatorSettings.builder().dailyLimit(Providers.MEMORIES, -1))
			.withMessageContaining("-1");
	}

}
