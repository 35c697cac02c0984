package dev.tokenstarter.core.store.redis;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.LifecycleSpec.IssuanceBudgetSpec;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.lifecycle.BudgetState;
import dev.tokenstarter.core.lifecycle.InMemoryIssuanceBudget;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.lifecycle.IssuanceBudgetExceededException;

/**
 * An {@link IssuanceBudget} counted in Redis, so that a fleet shares one budget per client. Windows are
 * fixed and aligned to the Unix epoch, as in {@link InMemoryIssuanceBudget}; each has its own counter
 * key, {@code <prefix>budget:<registrationId>:<window start in epoch millis>}, that expires when the
 * window ends. Taking from the budget is one atomic script: increment, and give the request back when
 * it went over the limit. Clients without a budget never touch Redis.
 *
 * @author token-starter
 */
public final class RedisIssuanceBudget implements IssuanceBudget {

	private static final RedisScript<Long> TAKE = RedisScript.of("""
			local used = redis.call('INCR', KEYS[1])
			if used == 1 then
				redis.call('PEXPIRE', KEYS[1], ARGV[2])
			end
			if used > tonumber(ARGV[1]) then
				redis.call('DECR', KEYS[1])
				return 0
			end
			return 1
			""", Long.class);

	private final Map<String, IssuanceBudgetSpec> limits;

	private final StringRedisTemplate redis;

	private final Clock clock;

	private String keyPrefix = "token-starter:";

	/**
	 * Create a budget.
	 * @param connectionFactory the connections to Redis
	 * @param definitions the clients, whose lifecycle settings give their limits
	 * @param clock the clock that decides the current window
	 */
	public RedisIssuanceBudget(RedisConnectionFactory connectionFactory, TokenClientDefinitions definitions,
			Clock clock) {
		Assert.notNull(connectionFactory, "connectionFactory cannot be null");
		Assert.notNull(definitions, "definitions cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		Map<String, IssuanceBudgetSpec> limits = new HashMap<>();
		for (TokenClientDefinition definition : definitions.all()) {
			IssuanceBudgetSpec budget = definition.getLifecycle().budget();
			if (budget != null) {
				limits.put(definition.getRegistrationId(), budget);
			}
		}
		this.limits = Map.copyOf(limits);
		this.redis = new StringRedisTemplate(connectionFactory);
		this.clock = clock;
	}

	@Override
	public void acquire(String registrationId) {
		IssuanceBudgetSpec limit = this.limits.get(registrationId);
		if (limit == null) {
			return;
		}
		long period = limit.period().toMillis();
		long now = this.clock.millis();
		long start = Math.floorDiv(now, period) * period;
		long end = start + period;
		Long taken = this.redis.execute(TAKE, List.of(windowKey(registrationId, start)),
				String.valueOf(limit.limit()), String.valueOf(end - now));
		if (taken == null || taken != 1L) {
			throw new IssuanceBudgetExceededException(registrationId, limit.limit(), Instant.ofEpochMilli(end));
		}
	}

	/**
	 * Return the state of a client's current window, read from its counter key.
	 */
	@Override
	public @Nullable BudgetState state(String registrationId) {
		IssuanceBudgetSpec limit = this.limits.get(registrationId);
		if (limit == null) {
			return null;
		}
		long period = limit.period().toMillis();
		long start = Math.floorDiv(this.clock.millis(), period) * period;
		String used = this.redis.opsForValue().get(windowKey(registrationId, start));
		return BudgetState.of(limit.limit(), (used != null) ? Integer.parseInt(used) : 0,
				Instant.ofEpochMilli(start + period));
	}

	private String windowKey(String registrationId, long start) {
		return this.keyPrefix + "budget:" + registrationId + ":" + start;
	}

	/**
	 * Set the prefix of the keys; {@code token-starter:} by default.
	 * @param keyPrefix the prefix
	 */
	public void setKeyPrefix(String keyPrefix) {
		Assert.notNull(keyPrefix, "keyPrefix cannot be null");
		this.keyPrefix = keyPrefix;
	}

}
