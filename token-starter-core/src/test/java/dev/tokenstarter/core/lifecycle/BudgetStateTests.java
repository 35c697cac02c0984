package dev.tokenstarter.core.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tokenstarter.core.lifecycle.BudgetState.WindowState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BudgetState}.
 *
 * @author token-starter
 */
class BudgetStateTests {

	private static final Instant MINUTE_END = Instant.parse("2026-03-01T10:01:00Z");

	private static final Instant DAY_END = Instant.parse("2026-03-02T00:00:00Z");

	@Test
	void isLowWhenATenthOfTheLimitOrOneRequestLeftThenTrue() {
		assertThat(WindowState.of(50, Duration.ofDays(1), 44, DAY_END).isLow()).isFalse();
		assertThat(WindowState.of(50, Duration.ofDays(1), 45, DAY_END).isLow()).isTrue();
		assertThat(WindowState.of(5, Duration.ofMinutes(1), 3, MINUTE_END).isLow()).isFalse();
		assertThat(WindowState.of(5, Duration.ofMinutes(1), 4, MINUTE_END).isLow()).isTrue();
		assertThat(WindowState.of(5, Duration.ofMinutes(1), 9, MINUTE_END).remaining()).isZero();
	}

	@Test
	void lowUntilWhenSeveralWindowsLowThenTheLastOfThemToRefill() {
		BudgetState state = new BudgetState(List.of(WindowState.of(5, Duration.ofMinutes(1), 4, MINUTE_END),
				WindowState.of(50, Duration.ofDays(1), 48, DAY_END)), null, null);
		assertThat(state.isLow()).isTrue();
		assertThat(state.lowUntil()).isEqualTo(DAY_END);
		assertThat(state.tightest().period()).isEqualTo(Duration.ofMinutes(1));
		assertThat(BudgetState.of(50, Duration.ofDays(1), 3, DAY_END).lowUntil()).isEqualTo(Instant.EPOCH);
	}

	@Test
	void nextAllowedAtWhenNothingSpentThenWhenTheIntervalPassedOrTheEpoch() {
		WindowState minute = WindowState.of(5, Duration.ofMinutes(1), 4, MINUTE_END);
		BudgetState state = new BudgetState(List.of(minute), Duration.ofSeconds(10), MINUTE_END.minusSeconds(30));
		assertThat(state.nextAllowedAt()).isEqualTo(MINUTE_END.minusSeconds(20));
		assertThat(new BudgetState(List.of(minute), null, null).nextAllowedAt()).isEqualTo(Instant.EPOCH);
	}

	@Test
	void nextAllowedAtWhenWindowSpentAndIntervalRunningThenTheLaterOfBoth() {
		WindowState spent = WindowState.of(5, Duration.ofMinutes(1), 5, MINUTE_END);
		Duration interval = Duration.ofSeconds(10);
		assertThat(new BudgetState(List.of(spent), interval, MINUTE_END.minusSeconds(30)).nextAllowedAt())
			.isEqualTo(MINUTE_END);
		assertThat(new BudgetState(List.of(spent), interval, MINUTE_END.minusSeconds(5)).nextAllowedAt())
			.isEqualTo(MINUTE_END.plusSeconds(5));
	}

	@Test
	void nextAllowedAtWhenIntervalOnlyThenLastRequestPlusInterval() {
		BudgetState state = new BudgetState(List.of(), Duration.ofSeconds(10), MINUTE_END);
		assertThat(state.nextAllowedAt()).isEqualTo(MINUTE_END.plusSeconds(10));
		assertThat(state.tightest()).isNull();
		assertThat(state.isLow()).isFalse();
	}

}
