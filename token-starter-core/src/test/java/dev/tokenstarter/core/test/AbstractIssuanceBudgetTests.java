package dev.tokenstarter.core.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.definition.LifecycleSpec.BudgetLimit;
import dev.tokenstarter.core.definition.LifecycleSpec.IssuanceBudgetSpec;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.definition.TokenResponseSpec;
import dev.tokenstarter.core.lifecycle.BudgetState;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.lifecycle.IssuanceBudgetExceededException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The promises of an {@link IssuanceBudget} with several windows and a minimum interval, run on each
 * place a budget counts in: every window limits on its own, a refusal takes nothing and tells when the
 * next token request is allowed (once every spent window has refilled and the interval has passed), and
 * instances that share the place share the budget. The clock is moved, never waited for.
 *
 * @author token-starter
 */
public abstract class AbstractIssuanceBudgetTests {

	/**
	 * 2 token requests a minute, 3 an hour and 4 a day.
	 */
	protected static final String LAYERED = "layered";

	/**
	 * 1 token request a minute and 1 an hour.
	 */
	protected static final String TIGHT = "tight";

	/**
	 * At most one token request every 10 seconds, and 3 a day.
	 */
	protected static final String SPACED = "spaced";

	protected static final Instant START = Instant.parse("2026-03-01T22:15:00Z");

	private static final Instant NEXT_MINUTE = Instant.parse("2026-03-01T22:16:00Z");

	private static final Instant NEXT_HOUR = Instant.parse("2026-03-01T23:00:00Z");

	private static final Instant MIDNIGHT = Instant.parse("2026-03-02T00:00:00Z");

	protected static final TokenClientDefinitions DEFINITIONS = new TokenClientDefinitions(List.of(
			definition(LAYERED,
					new IssuanceBudgetSpec(List.of(new BudgetLimit(2, Duration.ofMinutes(1)),
							new BudgetLimit(3, Duration.ofHours(1)), new BudgetLimit(4, Duration.ofDays(1))), null)),
			definition(TIGHT, new IssuanceBudgetSpec(
					List.of(new BudgetLimit(1, Duration.ofMinutes(1)), new BudgetLimit(1, Duration.ofHours(1))), null)),
			definition(SPACED, new IssuanceBudgetSpec(List.of(new BudgetLimit(3, Duration.ofDays(1))),
					Duration.ofSeconds(10)))));

	protected final MutableClock clock = new MutableClock(START);

	/**
	 * Return an instance of the budget of {@link #DEFINITIONS}, counting in the same place as the others
	 * of this test, as another instance of a fleet would (the same instance, for a budget in memory).
	 * @param definitions the clients
	 * @param clock the clock
	 * @return the budget
	 */
	protected abstract IssuanceBudget instance(TokenClientDefinitions definitions, Clock clock);

	@Test
	void acquireWhenMinuteWindowSpentThenRefusedUntilTheNextMinute() {
		IssuanceBudget budget = instance(DEFINITIONS, this.clock);
		take(budget, LAYERED, 2);
		assertRefused(budget, LAYERED, NEXT_MINUTE).withMessageContaining("2 token requests per PT1M spent");
		this.clock.set(NEXT_MINUTE.minusMillis(1));
		assertRefused(budget, LAYERED, NEXT_MINUTE);
		this.clock.set(NEXT_MINUTE);
		budget.acquire(LAYERED);
	}

	@Test
	void acquireWhenHourWindowSpentThenRefusedUntilTheNextHourThoughTheMinuteHasRoom() {
		IssuanceBudget budget = instance(DEFINITIONS, this.clock);
		take(budget, LAYERED, 2);
		this.clock.set(NEXT_MINUTE);
		budget.acquire(LAYERED);
		assertRefused(budget, LAYERED, NEXT_HOUR).withMessageContaining("3 token requests per PT1H spent")
			.withMessageNotContaining("PT1M");
		this.clock.set(NEXT_HOUR.minusMillis(1));
		assertRefused(budget, LAYERED, NEXT_HOUR);
		this.clock.set(NEXT_HOUR);
		budget.acquire(LAYERED);
	}

	@Test
	void acquireWhenDayWindowSpentThenRefusedUntilMidnight() {
		IssuanceBudget budget = instance(DEFINITIONS, this.clock);
		take(budget, LAYERED, 2);
		this.clock.set(NEXT_MINUTE);
		budget.acquire(LAYERED);
		this.clock.set(NEXT_HOUR);
		budget.acquire(LAYERED);
		this.clock.set(NEXT_HOUR.plusSeconds(90));
		assertRefused(budget, LAYERED, MIDNIGHT).withMessageContaining("4 token requests per PT24H spent");
		this.clock.set(MIDNIGHT);
		budget.acquire(LAYERED);
	}

	@Test
	void acquireWhenSeveralWindowsSpentThenRefusedUntilTheLastOfThemRefills() {
		IssuanceBudget budget = instance(DEFINITIONS, this.clock);
		budget.acquire(TIGHT);
		assertRefused(budget, TIGHT, NEXT_HOUR).withMessageContaining("PT1M").withMessageContaining("PT1H");
		this.clock.set(NEXT_MINUTE);
		assertRefused(budget, TIGHT, NEXT_HOUR);
	}

	@Test
	void acquireWhenRefusedThenNoWindowCountsTheRefusal() {
		IssuanceBudget budget = instance(DEFINITIONS, this.clock);
		take(budget, LAYERED, 2);
		for (int i = 0; i < 3; i++) {
			assertRefused(budget, LAYERED, NEXT_MINUTE);
		}
		assertThat(budget.state(LAYERED).windows()).extracting(BudgetState.WindowState::used)
			.containsExactly(2, 2, 2);
		this.clock.set(NEXT_MINUTE);
		budget.acquire(LAYERED);
		assertThat(budget.state(LAYERED).windows()).extracting(BudgetState.WindowState::used)
			.containsExactly(1, 3, 3);
	}

	@Test
	void acquireWhenWithinMinimumIntervalThenRefusedAcrossInstancesUntilItHasPassed() {
		IssuanceBudget first = instance(DEFINITIONS, this.clock);
		IssuanceBudget second = instance(DEFINITIONS, this.clock);
		first.acquire(SPACED);
		this.clock.set(START.plusMillis(9_999));
		assertRefused(second, SPACED, START.plusSeconds(10))
			.withMessageContaining("at most one token request every PT10S");
		assertThat(second.state(SPACED).windows().get(0).used()).isEqualTo(1);
		this.clock.set(START.plusSeconds(10));
		second.acquire(SPACED);
		this.clock.set(START.plusSeconds(15));
		assertRefused(first, SPACED, START.plusSeconds(20));
	}

	@Test
	void acquireWhenTooSoonAndWindowSpentThenRefusedUntilTheLaterOfBoth() {
		IssuanceBudget budget = instance(DEFINITIONS, this.clock);
		for (Instant at : List.of(MIDNIGHT.minusSeconds(25), MIDNIGHT.minusSeconds(15), MIDNIGHT.minusSeconds(5))) {
			this.clock.set(at);
			budget.acquire(SPACED);
		}
		this.clock.set(MIDNIGHT.minusSeconds(2));
		assertRefused(budget, SPACED, MIDNIGHT.plusSeconds(5)).withMessageContaining("3 token requests per PT24H")
			.withMessageContaining("PT10S");
		this.clock.set(MIDNIGHT);
		assertRefused(budget, SPACED, MIDNIGHT.plusSeconds(5));
		this.clock.set(MIDNIGHT.plusSeconds(5));
		budget.acquire(SPACED);
	}

	@Test
	void stateWhenWindowRunsLowThenLowUntilItRefillsAndNextRequestTold() {
		IssuanceBudget budget = instance(DEFINITIONS, this.clock);
		assertThat(budget.state(LAYERED).isLow()).isFalse();
		budget.acquire(LAYERED);
		BudgetState low = budget.state(LAYERED);
		assertThat(low.isLow()).isTrue();
		assertThat(low.lowUntil()).isEqualTo(NEXT_MINUTE);
		assertThat(low.nextAllowedAt()).isEqualTo(Instant.EPOCH);
		budget.acquire(LAYERED);
		assertThat(budget.state(LAYERED).nextAllowedAt()).isEqualTo(NEXT_MINUTE);
		budget.acquire(SPACED);
		BudgetState spaced = budget.state(SPACED);
		assertThat(spaced.lastRequestAt()).isEqualTo(START);
		assertThat(spaced.nextAllowedAt()).isEqualTo(START.plusSeconds(10));
	}

	@Test
	void acquireWhenFleetTakesFromEveryWindowThenCountedAcrossInstances() {
		IssuanceBudget first = instance(DEFINITIONS, this.clock);
		IssuanceBudget second = instance(DEFINITIONS, this.clock);
		first.acquire(LAYERED);
		second.acquire(LAYERED);
		assertRefused(first, LAYERED, NEXT_MINUTE);
		this.clock.set(NEXT_MINUTE);
		second.acquire(LAYERED);
		assertRefused(first, LAYERED, NEXT_HOUR);
		assertThat(first.state(LAYERED)).isEqualTo(second.state(LAYERED));
	}

	private static void take(IssuanceBudget budget, String registrationId, int times) {
		for (int i = 0; i < times; i++) {
			budget.acquire(registrationId);
		}
	}

	private static ThrowableAssertAlternative<IssuanceBudgetExceededException> assertRefused(IssuanceBudget budget,
			String registrationId, Instant nextAllowedAt) {
		return assertThatExceptionOfType(IssuanceBudgetExceededException.class)
			.isThrownBy(() -> budget.acquire(registrationId))
			.satisfies((ex) -> assertThat(ex.getRefillsAt()).isEqualTo(nextAllowedAt))
			.withMessageContaining("'" + registrationId + "'");
	}

	private static TokenClientDefinition definition(String id, IssuanceBudgetSpec budget) {
		LifecycleSpec defaults = LifecycleSpec.defaults();
		return TokenClientDefinition.withRegistrationId(id)
			.tokenEndpoint(new TokenEndpointSpec(TokenRequestSpec.post("https://api.example.com/token"),
					TokenResponseSpec.oauth2()))
			.lifecycle(new LifecycleSpec(null, null, defaults.clockSkew(), budget, defaults.retry()))
			.build();
	}

}
