package dev.tokenstarter.samples.emulator;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DailyQuotaTests {

	private final DailyQuota quota = new DailyQuota();

	@Test
	void tryAcquireWhenLimitReachedThenFalseUntilNextUtcDay() {
		Instant lateEvening = Instant.parse("2025-01-15T23:59:59Z");
		assertThat(this.quota.tryAcquire(Providers.MEMORIES, 2, lateEvening)).isTrue();
		assertThat(this.quota.tryAcquire(Providers.MEMORIES, 2, lateEvening)).isTrue();
		assertThat(this.quota.tryAcquire(Providers.MEMORIES, 2, lateEvening)).isFalse();
		assertThat(this.quota.tryAcquire(Providers.TOKENS_MAKE, 2, lateEvening)).isTrue();
		assertThat(this.quota.tryAcquire(Providers.MEMORIES, 2, Instant.parse("2025-01-16T00:00:00Z"))).isTrue();
	}

	@Test
	void tryAcquireWhenLimitZeroThenFalse() {
		assertThat(this.quota.tryAcquire(Providers.MEMORIES, 0, Instant.EPOCH)).isFalse();
	}

	@Test
	void clearWhenCalledThenQuotaRestored() {
		this.quota.tryAcquire(Providers.MEMORIES, 1, Instant.EPOCH);
		this.quota.clear();
		assertThat(this.quota.tryAcquire(Providers.MEMORIES, 1, Instant.EPOCH)).isTrue();
	}

}
