package dev.tokenstarter.core.store.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.tokenstarter.core.definition.LifecycleSpec.IssuanceBudgetSpec;
import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.definition.TokenResponseSpec;
import dev.tokenstarter.core.lifecycle.BudgetState;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.lifecycle.IssuanceBudgetExceededException;
import dev.tokenstarter.core.test.AbstractIssuanceBudgetTests;
import dev.tokenstarter.core.test.MutableClock;
import dev.tokenstarter.core.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JdbcIssuanceBudget}, on H2 and PostgreSQL.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class JdbcIssuanceBudgetTests extends AbstractIssuanceBudgetTests {

	private static final Instant WINDOW_START = Instant.parse("2026-03-01T00:00:00Z");

	private static final TokenClientDefinitions SEED_DEFINITIONS = new TokenClientDefinitions(
			List.of(definition("memories", new IssuanceBudgetSpec(3, Duration.ofDays(1))),
					definition("make", null)));

	@Parameter
	TestDatabase database;

	private JdbcTemplate jdbc;

	private String prefix;

	private final MutableClock windowClock = new MutableClock(WINDOW_START.plus(Duration.ofHours(8)));

	@BeforeEach
	void createDatabase() {
		this.jdbc = new JdbcTemplate(this.database.dataSource());
		this.prefix = TestDatabase.uniquePrefix();
	}

	@AfterEach
	void dropTables() {
		if (this.jdbc != null) {
			TestDatabase.dropTables(this.jdbc, this.prefix);
		}
	}

	@Test
	void acquireWhenTwoInstancesShareDatabaseThenLimitCountedAcrossBoth() {
		JdbcIssuanceBudget first = budget();
		JdbcIssuanceBudget second = budget();
		first.acquire("memories");
		second.acquire("memories");
		first.acquire("memories");
		assertThat(second.remaining("memories")).isZero();
		assertThatExceptionOfType(IssuanceBudgetExceededException.class)
			.isThrownBy(() -> second.acquire("memories"))
			.satisfies((ex) -> assertThat(ex.getRefillsAt()).isEqualTo(WINDOW_START.plus(Duration.ofDays(1))))
			.withMessageContaining("'memories'");
		assertThatExceptionOfType(IssuanceBudgetExceededException.class).isThrownBy(() -> first.acquire("memories"));
		assertThat(first.remaining("memories")).isZero();
	}

	@Test
	void acquireWhenManyInstancesAtOnceThenExactlyLimitGranted() throws Exception {
		List<Callable<Boolean>> tasks = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			JdbcIssuanceBudget instance = budget();
			tasks.add(() -> {
				try {
					instance.acquire("memories");
					return true;
				}
				catch (IssuanceBudgetExceededException ex) {
					return false;
				}
			});
		}
		assertThat(Concurrently.run(tasks)).filteredOn(Boolean::booleanValue).hasSize(3);
		assertThat(budget().remaining("memories")).isZero();
	}

	@Test
	void acquireWhenWindowRollsOverThenBudgetRefillsAndOldWindowDeleted() {
		JdbcIssuanceBudget budget = budget();
		for (int i = 0; i < 3; i++) {
			budget.acquire("memories");
		}
		this.windowClock.advance(Duration.ofHours(15).plusMinutes(59));
		assertThatExceptionOfType(IssuanceBudgetExceededException.class).isThrownBy(() -> budget.acquire("memories"));
		this.windowClock.advance(Duration.ofMinutes(1));
		budget.acquire("memories");
		assertThat(budget.remaining("memories")).isEqualTo(2);
		assertThat(budget.state("memories"))
			.isEqualTo(BudgetState.of(3, Duration.ofDays(1), 1, WINDOW_START.plus(Duration.ofDays(2))));
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.prefix + "budgets", Integer.class))
			.isEqualTo(1);
	}

	@Test
	void acquireWhenClientHasNoBudgetThenNeverLimitedAndNothingStored() {
		new JdbcTokenStoreSchema(this.jdbc, this.prefix).initialize();
		JdbcIssuanceBudget budget = budget();
		for (int i = 0; i < 10; i++) {
			budget.acquire("make");
		}
		assertThat(budget.remaining("make")).isEqualTo(-1);
		assertThat(budget.state("make")).isNull();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.prefix + "budgets", Integer.class))
			.isZero();
	}

	@Test
	void remainingWhenNothingTakenThenFullLimit() {
		assertThat(budget().remaining("memories")).isEqualTo(3);
	}

	@Override
	protected IssuanceBudget instance(TokenClientDefinitions definitions, Clock clock) {
		JdbcIssuanceBudget budget = new JdbcIssuanceBudget(this.jdbc, definitions, clock, this.prefix);
		budget.setSchema(new JdbcTokenStoreSchema(this.jdbc, this.prefix));
		return budget;
	}

	private JdbcIssuanceBudget budget() {
		JdbcIssuanceBudget budget = new JdbcIssuanceBudget(this.jdbc, SEED_DEFINITIONS, this.windowClock, this.prefix);
		budget.setSchema(new JdbcTokenStoreSchema(this.jdbc, this.prefix));
		return budget;
	}

	private static TokenClientDefinition definition(String id, IssuanceBudgetSpec budget) {
		LifecycleSpec defaults = LifecycleSpec.defaults();
		return TokenClientDefinition.withRegistrationId(id)
			.tokenEndpoint(new TokenEndpointSpec(TokenRequestSpec.post("https://api.example.com/login"),
					TokenResponseSpec.oauth2()))
			.lifecycle(new LifecycleSpec(defaults.refreshAheadRatio(), null, defaults.clockSkew(), budget,
					defaults.retry()))
			.build();
	}

}
