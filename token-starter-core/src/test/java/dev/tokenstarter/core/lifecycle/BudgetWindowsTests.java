package dev.tokenstarter.core.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tokenstarter.core.definition.LifecycleSpec;
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

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T22:15:00Z"));

	private final BudgetWindows windows = new BudgetWindows(
			new TokenClientDefinitions(List.of(definition("daily", new IssuanceBudgetSpec(50, Duration.ofDays(1))),
					definition("hourly", new IssuanceBudgetSpec(5, Duration.ofHours(1))), definition("free", null))),
			this.clock);

	@Test
	void currentWhenDailyBudgetThenWindowIsTheUtcDay() {
		BudgetWindows.Window window = this.windows.current("daily");
		assertThat(window.limit()).isEqualTo(50);
		assertThat(window.startInstant()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
		assertThat(window.endInstant()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
		assertThat(window.now()).isEqualTo(this.clock.millis());
	}

	@Test
	void currentWhenClockCrossesTheEndThenNextWindow() {
		this.clock.set(Instant.parse("2026-03-01T23:59:59.999Z"));
		assertThat(this.windows.current("hourly").startInstant()).isEqualTo(Instant.parse("2026-03-01T23:00:00Z"));
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.windows.current("hourly").startInstant()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
	}

	@Test
	void currentWhenClientHasNoBudgetThenNull() {
		assertThat(this.windows.current("free")).isNull();
		assertThat(this.windows.current("unknown")).isNull();
	}

	@Test
	void exceededWhenWindowSpentThenNamesClientLimitAndRefill() {
		IssuanceBudgetExceededException ex = this.windows.current("daily").exceeded();
		assertThat(ex.getRefillsAt()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
		assertThat(ex).hasMessageContaining("'daily'").hasMessageContaining("50").hasMessageContaining("2026-03-02");
	}

	@Test
	void stateWhenUsedThenRemainingNeverBelowZero() {
		BudgetWindows.Window window = this.windows.current("hourly");
		assertThat(window.state(2).remaining()).isEqualTo(3);
		assertThat(window.state(7).remaining()).isZero();
		assertThat(window.state(2).windowEndsAt()).isEqualTo(Instant.parse("2026-03-01T23:00:00Z"));
	}

	private static TokenClientDefinition definition(String id, IssuanceBudgetSpec budget) {
		return TokenClientDefinition.withRegistrationId(id)
			.tokenEndpoint(new TokenEndpointSpec(TokenRequestSpec.post("http://127.0.0.1:1/token"),
					TokenResponseSpec.oauth2()))
			.lifecycle(new LifecycleSpec(0.8, null, Duration.ofSeconds(30), budget, RetrySpec.defaults()))
			.build();
	}

}
