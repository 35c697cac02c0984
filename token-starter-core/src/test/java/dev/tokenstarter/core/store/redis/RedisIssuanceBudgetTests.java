package dev.tokenstarter.core.store.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.definition.LifecycleSpec.IssuanceBudgetSpec;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RedisIssuanceBudget}, against a real redis-server.
 */
class RedisIssuanceBudgetTests extends AbstractIssuanceBudgetTests {

	@RegisterExtension
	static final RedisServerProcess redis = new RedisServerProcess();

	private static final Instant DAY_START = Instant.parse("2026-03-01T00:00:00Z");

	private static final Instant NEXT_DAY = DAY_START.plus(Duration.ofDays(1));

	private final MutableClock dayClock = new MutableClock(DAY_START.plus(Duration.ofHours(9)));

	private final TokenClientDefinitions definitions = new TokenClientDefinitions(
			List.of(definition("memories", new IssuanceBudgetSpec(3, Duration.ofDays(1))),
					definition("tokens-make", null)));

	private final List<LettuceConnectionFactory> connectionFactories = new ArrayList<>();

	private RedisIssuanceBudget budget;

	private RedisIssuanceBudget otherInstance;

	@BeforeEach
	void setUp() {
		redis.flushAll();
		this.budget = budget();
		this.otherInstance = budget();
	}

	@AfterEach
	void tearDown() {
		this.connectionFactories.forEach(LettuceConnectionFactory::destroy);
	}

	@Test
	void acquireWhenFleetSharesBudgetThenLimitHoldsAcrossInstances() {
		this.budget.acquire("memories");
		this.otherInstance.acquire("memories");
		this.budget.acquire("memories");
		assertThatExceptionOfType(IssuanceBudgetExceededException.class)
			.isThrownBy(() -> this.otherInstance.acquire("memories"))
			.satisfies((ex) -> assertThat(ex.getRefillsAt()).isEqualTo(NEXT_DAY))
			.withMessageContaining("client 'memories'");
		assertThatExceptionOfType(IssuanceBudgetExceededException.class)
			.isThrownBy(() -> this.budget.acquire("memories"));
	}

	@Test
	void acquireWhenSpentThenCounterStaysAtLimitAndExpiresAtWindowEnd() {
		for (int i = 0; i < 3; i++) {
			this.budget.acquire("memories");
		}
		for (int i = 0; i < 5; i++) {
			assertThatExceptionOfType(IssuanceBudgetExceededException.class)
				.isThrownBy(() -> this.otherInstance.acquire("memories"));
		}
		String key = "token-starter:budget:{memories}:PT24H:" + DAY_START.toEpochMilli();
		assertThat(redis.getString(key)).isEqualTo("3");
		assertThat(redis.pttl(key))
			.isLessThanOrEqualTo(Duration.ofHours(15).toMillis())
			.isGreaterThan(Duration.ofHours(15).minusMinutes(1).toMillis());
	}

	@Test
	void acquireWhenWindowRollsOverThenBudgetRefills() {
		for (int i = 0; i < 3; i++) {
			this.budget.acquire("memories");
		}
		this.dayClock.set(NEXT_DAY.minusMillis(1));
		assertThatExceptionOfType(IssuanceBudgetExceededException.class)
			.isThrownBy(() -> this.otherInstance.acquire("memories"))
			.satisfies((ex) -> assertThat(ex.getRefillsAt()).isEqualTo(NEXT_DAY));
		this.dayClock.set(NEXT_DAY);
		for (int i = 0; i < 3; i++) {
			this.otherInstance.acquire("memories");
		}
		assertThatExceptionOfType(IssuanceBudgetExceededException.class)
			.isThrownBy(() -> this.budget.acquire("memories"))
			.satisfies((ex) -> assertThat(ex.getRefillsAt()).isEqualTo(NEXT_DAY.plus(Duration.ofDays(1))));
	}

	@Test
	void acquireWhenManyThreadsOfTwoInstancesAtOnceThenExactlyLimitGranted() throws Exception {
		int threads = 20;
		CountDownLatch ready = new CountDownLatch(threads);
		CountDownLatch start = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(threads);
		AtomicInteger granted = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		for (int i = 0; i < threads; i++) {
			RedisIssuanceBudget instance = (i % 2 == 0) ? this.budget : this.otherInstance;
			Thread thread = new Thread(() -> {
				ready.countDown();
				try {
					if (start.await(10, TimeUnit.SECONDS)) {
						instance.acquire("memories");
						granted.incrementAndGet();
					}
				}
				catch (IssuanceBudgetExceededException ex) {
					refused.incrementAndGet();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					done.countDown();
				}
			}, "budget-taker-" + i);
			thread.setDaemon(true);
			thread.start();
		}
		assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
		start.countDown();
		assertThat(done.await(10, TimeUnit.SECONDS)).as(RedisIssuanceBudgetTests::threadDump).isTrue();
		assertThat(granted).hasValue(3);
		assertThat(refused).hasValue(threads - 3);
	}

	@Test
	void acquireWhenClientHasNoBudgetThenNeverLimitedAndNothingStored() {
		for (int i = 0; i < 10; i++) {
			this.budget.acquire("tokens-make");
		}
		this.budget.acquire("unknown");
		assertThat(redis.keys()).isEmpty();
	}

	@Test
	void acquireWhenKeyPrefixSetThenCounterUsesIt() {
		this.budget.setKeyPrefix("fleet-a:");
		this.budget.acquire("memories");
		assertThat(redis.keys())
			.containsExactly("fleet-a:budget:{memories}:PT24H:" + DAY_START.toEpochMilli());
	}

	@Test
	void stateWhenFleetTookRequestsThenReadsTheSharedCounter() {
		assertThat(this.budget.state("memories")).isEqualTo(BudgetState.of(3, Duration.ofDays(1), 0, NEXT_DAY));
		this.budget.acquire("memories");
		this.otherInstance.acquire("memories");
		assertThat(this.budget.state("memories")).isEqualTo(BudgetState.of(3, Duration.ofDays(1), 2, NEXT_DAY));
		assertThat(this.budget.state("tokens-make")).isNull();
		assertThat(redis.keys())
			.containsExactly("token-starter:budget:{memories}:PT24H:" + DAY_START.toEpochMilli());
	}

	@Override
	protected IssuanceBudget instance(TokenClientDefinitions definitions, Clock clock) {
		LettuceConnectionFactory factory = redis.connectionFactory();
		this.connectionFactories.add(factory);
		return new RedisIssuanceBudget(factory, definitions, clock);
	}

	private RedisIssuanceBudget budget() {
		LettuceConnectionFactory factory = redis.connectionFactory();
		this.connectionFactories.add(factory);
		return new RedisIssuanceBudget(factory, this.definitions, this.dayClock);
	}

	private static TokenClientDefinition definition(String id, IssuanceBudgetSpec budget) {
		LifecycleSpec defaults = LifecycleSpec.defaults();
		return TokenClientDefinition.withRegistrationId(id)
			.tokenEndpoint(new TokenEndpointSpec(TokenRequestSpec.post("https://api.example.com/token"),
					TokenResponseSpec.oauth2()))
			.lifecycle(new LifecycleSpec(defaults.refreshAheadRatio(), defaults.refreshAheadWindow(),
					defaults.clockSkew(), budget, defaults.retry()))
			.build();
	}

	private static String threadDump() {
		StringBuilder dump = new StringBuilder("Threads did not finish:\n");
		Thread.getAllStackTraces().forEach((thread, stack) -> {
			dump.append(thread.getName()).append('\n');
			for (StackTraceElement element : stack) {
				dump.append("\tat ").append(element).append('\n');
			}
		});
		return dump.toString();
	}

}
