package dev.tokenstarter.core.store.redis;

import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.lifecycle.BudgetState;
import dev.tokenstarter.core.lifecycle.BudgetWindows;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;

/**
 * An {@link IssuanceBudget} counted in Redis, so that a fleet shares one budget per client. Windows are
 * fixed and aligned to the Unix epoch, as in {@link BudgetWindows}; each has its own counter
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

	private final BudgetWindows windows;

	private final StringRedisTemplate redis;

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
		this.windows = new BudgetWindows(definitions, clock);
		this.redis = new StringRedisTemplate(connectionFactory);
	}

	@Override
	public void acquire(String registrationId) {
		BudgetWindows.Window window = this.windows.current(registrationId);
		if (window == null) {
			return;
		}
		Long taken = this.redis.execute(TAKE, List.of(windowKey(registrationId, window.start())),
				String.valueOf(window.limit()), String.valueOf(window.end() - window.now()));
		if (taken == null || taken != 1L) {
			throw window.exceeded();
		}
	}

	/**
	 * Return the state of a client's current window, read from its counter key.
	 */
	@Override
	public @Nullable BudgetState state(String registrationId) {
		BudgetWindows.Window window = this.windows.current(registrationId);
		if (window == null) {
			return null;
		}
		String used = this.redis.opsForValue().get(windowKey(registrationId, window.start()));
		return window.state((used != null) ? Integer.parseInt(used) : 0);
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
