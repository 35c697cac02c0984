package dev.tokenstarter.core.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.definition.LifecycleSpec.BudgetLimit;
import dev.tokenstarter.core.definition.LifecycleSpec.IssuanceBudgetSpec;
import dev.tokenstarter.core.definition.LifecycleSpec.RetrySpec;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.definition.TokenResponseSpec;
import dev.tokenstarter.core.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BudgetWindows}.
 *
 * @author token-starter
 */
class BudgetWindowsTests {

	private static final Instant MINUTE_END = Instant.parse("2026-03-01T22:16:00Z");

	private static final Instant HOUR_END = Instant.parse("2026-03-01T23:00:00Z");

	private static final Instant DAY_END = Instant.parse("2026-03-02T00:00:00Z");

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T22:15:00Z"));

	private final BudgetWindows windows = new BudgetWindows(new TokenClientDefinitions(List.of(
			definition("daily", new IssuanceBudgetSpec(50, Duration.ofDays(1))),
			definition("layered",
					new IssuanceBudgetSpec(List.of(new BudgetLimit(2, Duration.ofMinutes(1)),
							new BudgetLimit(20, Duration.ofHours(1)), new BudgetLimit(50, Duration.ofDays(1))),
							Duration.ofSeconds(10))),
			definition("free", null))), this.clock);

	@Test
	void currentWhenDailyBudgetThenWindowIsTheUtcDay() {
		BudgetWindows.Windows current = this.windows.current("daily");
		assertThat(current.windows()).singleElement().satisfies((window) -> {
			assertThat(window.limit()).isEqualTo(50);
			assertThat(window.startInstant()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
			assertThat(window.endInstant()).isEqualTo(DAY_END);
		});
		assertThat(current.minInterval()).isNull();
		assertThat(current.now()).isEqualTo(this.clock.millis());
	}

	@Test
	void currentWhenSeveralLimitsThenOneWindowEachInConfigurationOrder() {
		assertThat(this.windows.current("layered").windows()).extracting(BudgetWindows.Window::endInstant)
			.containsExactly(MINUTE_END, HOUR_END, DAY_END);
	}

	@Test
	void currentWhenClockCrossesTheEndThenNextWindow() {
		this.clock.set(Instant.parse("2026-03-01T23:59:59.999Z"));
		assertThat(this.windows.current("layered").windows().get(1).startInstant()).isEqualTo(HOUR_END);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.windows.current("layered").windows().get(1).startInstant()).isEqualTo(DAY_END);
	}

	@Test
	void currentWhenClientHasNoBudgetThenNull() {
		assertThat(this.windows.current("free")).isNull();
		assertThat(this.windows.current("unknown")).isNull();
	}

	@Test
	void allowsWhenEveryWindowHasRoomAndIntervalPassedThenTrue() {
		BudgetWindows.Windows current = this.windows.current("layered");
		long now = this.clock.millis();
		assertThat(current.allows(List.of(1, 19, 49), now - 10_000)).isTrue();
		assertThat(current.allows(List.of(1, 19, 49), null)).isTrue();
		assertThat(current.allows(List.of(2, 0, 0), null)).isFalse();
		assertThat(current.allows(List.of(0, 20, 0), null)).isFalse();
		assertThat(current.allows(List.of(0, 0, 50), null)).isFalse();
		assertThat(current.allows(List.of(0, 0, 0), now - 9_999)).isFalse();
	}

	@Test
	void exceededWhenOneWindowSpentThenRefillsWhenItEnds() {
		IssuanceBudgetExceededException ex = this.windows.current("layered").exceeded(List.of(2, 5, 5), null);
		assertThat(ex.getRefillsAt()).isEqualTo(MINUTE_END);
		assertThat(ex).hasMessageContaining("'layered'")
			.hasMessageContaining("2 token requests per PT1M spent")
			.hasMessageContaining(MINUTE_END.toString());
	}

	@Test
	void exceededWhenSeveralWindowsSpentThenRefillsWhenTheLastOfThemEnds() {
		IssuanceBudgetExceededException ex = this.windows.current("layered").exceeded(List.of(2, 20, 5), null);
		assertThat(ex.getRefillsAt()).isEqualTo(HOUR_END);
		assertThat(ex).hasMessageContaining("PT1M").hasMessageContaining("20 token requests per PT1H");
	}

	@Test
	void exceededWhenTooSoonThenRefillsOnceTheIntervalHasPassed() {
		long last = this.clock.millis() - 4_000;
		IssuanceBudgetExceededException ex = this.windows.current("layered").exceeded(List.of(0, 0, 0), last);
		assertThat(ex.getRefillsAt()).isEqualTo(this.clock.instant().plusSeconds(6));
		assertThat(ex).hasMessageContaining("at most one token request every PT10S");
	}

	@Test
	void exceededWhenTooSoonAndWindowSpentThenRefillsAtTheLaterOfBoth() {
		this.clock.set(MINUTE_END.minusSeconds(2));
		long last = this.clock.millis();
		assertThat(this.windows.current("layered").exceeded(List.of(2, 2, 2), last).getRefillsAt())
			.isEqualTo(MINUTE_END.plusSeconds(8));
		assertThat(this.windows.current("layered").exceeded(List.of(2, 20, 2), last).getRefillsAt())
			.isEqualTo(HOUR_END);
	}

	@Test
	void stateWhenUsedThenRemainingNeverBelowZero() {
		BudgetState state = this.windows.current("layered").state(List.of(1, 25, 3), null);
		assertThat(state.windows()).extracting(BudgetState.WindowState::remaining).containsExactly(1, 0, 47);
		assertThat(state.tightest().period()).isEqualTo(Duration.ofHours(1));
		assertThat(state.nextAllowedAt()).isEqualTo(HOUR_END);
	}

	private static TokenClientDefinition definition(String id, IssuanceBudgetSpec budget) {
		return TokenClientDefinition.withRegistrationId(id)
			.tokenEndpoint(new TokenEndpointSpec(TokenRequestSpec.post("http://127.0.0.1:1/token"),
					TokenResponseSpec.oauth2()))
			.lifecycle(new LifecycleSpec(null, null, Duration.ofSeconds(30), budget, RetrySpec.defaults()))
			.build();
	}

}
