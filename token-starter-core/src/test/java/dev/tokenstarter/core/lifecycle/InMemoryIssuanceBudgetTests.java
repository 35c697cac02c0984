package dev.tokenstarter.core.lifecycle;

import java.time.Clock;
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
import dev.tokenstarter.core.test.AbstractIssuanceBudgetTests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link InMemoryIssuanceBudget}.
 *
 * @author token-starter
 */
class InMemoryIssuanceBudgetTests extends AbstractIssuanceBudgetTests {

	private InMemoryIssuanceBudget shared;

	private final InMemoryIssuanceBudget budget = new InMemoryIssuanceBudget(
			new TokenClientDefinitions(List.of(definition("daily", new IssuanceBudgetSpec(3, Duration.ofDays(1))),
					definition("hourly", new IssuanceBudgetSpec(1, Duration.ofHours(1))), definition("free", null))),
			this.clock);

	@Test
	void acquireWhenWithinLimitThenCountsDown() {
		assertThat(this.budget.remaining("daily")).isEqualTo(3);
		this.budget.acquire("daily");
		this.budget.acquire("daily");
		assertThat(this.budget.remaining("daily")).isEqualTo(1);
		this.budget.acquire("daily");
		assertThat(this.budget.remaining("daily")).isZero();
	}

	@Test
	void acquireWhenLimitReachedThenThrowsWithNextUtcMidnightAndDoesNotCountTheRefusal() {
		spend("daily", 3);
		IssuanceBudgetExceededException ex = assertThatExceptionOfType(IssuanceBudgetExceededException.class)
			.isThrownBy(() -> this.budget.acquire("daily"))
			.actual();
		Instant midnight = Instant.parse("2026-03-02T00:00:00Z");
		assertThat(ex.getRefillsAt()).isEqualTo(midnight);
		assertThat(ex.getMessage()).contains("'daily'").contains("3 token requests").contains(midnight.toString());
		assertThat(ex.getError().getErrorCode()).isEqualTo(IssuanceBudgetExceededException.BUDGET_EXCEEDED);
		assertThat(this.budget.remaining("daily")).isZero();
		assertThatExceptionOfType(IssuanceBudgetExceededException.class)
			.isThrownBy(() -> this.budget.acquire("daily"));
	}

	@Test
	void acquireWhenNextUtcDayStartsThenBudgetRefills() {
		spend("daily", 3);
		this.clock.set(Instant.parse("2026-03-01T23:59:59.999Z"));
		assertThatExceptionOfType(IssuanceBudgetExceededException.class)
			.isThrownBy(() -> this.budget.acquire("daily"));
		this.clock.set(Instant.parse("2026-03-02T00:00:00Z"));
		assertThat(this.budget.remaining("daily")).isEqualTo(3);
		spend("daily", 3);
		assertThatExceptionOfType(IssuanceBudgetExceededException.class)
			.isThrownBy(() -> this.budget.acquire("daily"))
			.satisfies((ex) -> assertThat(ex.getRefillsAt()).isEqualTo(Instant.parse("2026-03-03T00:00:00Z")));
	}

	@Test
	void acquireWhenClientsHaveSeparateBudgetsThenCountedApart() {
		spend("hourly", 1);
		assertThatExceptionOfType(IssuanceBudgetExceededException.class)
			.isThrownBy(() -> this.budget.acquire("hourly"))
			.satisfies((ex) -> assertThat(ex.getRefillsAt()).isEqualTo(Instant.parse("2026-03-01T23:00:00Z")));
		assertThat(this.budget.remaining("daily")).isEqualTo(3);
		this.budget.acquire("daily");
	}

	@Test
	void acquireWhenClientHasNoBudgetThenNeverLimited() {
		assertThatNoException().isThrownBy(() -> spend("free", 1000));
		assertThatNoException().isThrownBy(() -> spend("unknown", 10));
		assertThat(this.budget.remaining("free")).isEqualTo(-1);
		assertThat(this.budget.remaining("unknown")).isEqualTo(-1);
	}

	@Test
	void stateWhenRequestsTakenThenTellsLimitUsedRemainingAndWindowEnd() {
		spend("daily", 2);
		assertThat(this.budget.state("daily"))
			.isEqualTo(BudgetState.of(3, Duration.ofDays(1), 2, Instant.parse("2026-03-02T00:00:00Z")));
		this.clock.advance(Duration.ofHours(2));
		assertThat(this.budget.state("daily"))
			.isEqualTo(BudgetState.of(3, Duration.ofDays(1), 0, Instant.parse("2026-03-03T00:00:00Z")));
		assertThat(this.budget.state("free")).isNull();
		assertThat(this.budget.state("unknown")).isNull();
	}

	@Override
	protected IssuanceBudget instance(TokenClientDefinitions definitions, Clock clock) {
		if (this.shared == null) {
			this.shared = new InMemoryIssuanceBudget(definitions, clock);
		}
		return this.shared;
	}

	private void spend(String registrationId, int times) {
		for (int i = 0; i < times; i++) {
			this.budget.acquire(registrationId);
		}
	}

	private static TokenClientDefinition definition(String id, IssuanceBudgetSpec budget) {
		return TokenClientDefinition.withRegistrationId(id)
			.tokenEndpoint(new TokenEndpointSpec(TokenRequestSpec.post("http://127.0.0.1:1/token"),
					TokenResponseSpec.oauth2()))
			.lifecycle(new LifecycleSpec(0.8, null, Duration.ofSeconds(30), budget, RetrySpec.defaults()))
			.build();
	}

}
