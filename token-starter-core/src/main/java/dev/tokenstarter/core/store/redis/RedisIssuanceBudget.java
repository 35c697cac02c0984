package dev.tokenstarter.core.store.redis;

import java.time.Clock;
import java.util.ArrayList;
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
 * fixed and aligned to the Unix epoch, as in {@link BudgetWindows}; each has its own counter key,
 * {@code <prefix>budget:{<registrationId>}:<period>:<window start in epoch millis>} (the period in
 * ISO-8601, such as {@code PT1H}), that expires when the window ends, and the time of the client's last
 * token request is kept in {@code <prefix>budget:{<registrationId>}:last} when it has a minimum interval.
 * Taking from the budget is one atomic script: when every window has room and the interval has passed,
 * it counts the request in every window and records its time; otherwise it takes nothing and answers the
 * counts, from which the refusal tells when the next request is allowed. A client's keys share a hash
 * tag, so the script also runs on Redis Cluster. Clients without a budget never touch Redis.
 *
 * @author token-starter
 */
public final class RedisIssuanceBudget implements IssuanceBudget {

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> TAKE = RedisScript.of("""
			local windows = #KEYS - 1
			local now = tonumber(ARGV[1])
			local interval = tonumber(ARGV[2])
			local allowed = 1
			local used = {}
			for i = 1, windows do
				used[i] = tonumber(redis.call('GET', KEYS[i]) or '0')
				if used[i] >= tonumber(ARGV[1 + 2 * i]) then
					allowed = 0
				end
			end
			local last = -1
			if interval > 0 then
				local stored = redis.call('GET', KEYS[windows + 1])
				if stored then
					last = tonumber(stored)
					if now < last + interval then
						allowed = 0
					end
				end
			end
			if allowed == 1 then
				for i = 1, windows do
					if redis.call('INCR', KEYS[i]) == 1 then
						redis.call('PEXPIRE', KEYS[i], ARGV[2 + 2 * i])
					end
				end
				if interval > 0 then
					redis.call('SET', KEYS[windows + 1], ARGV[1], 'PX', interval)
				end
			end
			local answer = { allowed, last }
			for i = 1, windows do
				answer[2 + i] = used[i]
			end
			return answer
			""", List.class);

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
		BudgetWindows.Windows current = this.windows.current(registrationId);
		if (current == null) {
			return;
		}
		List<String> arguments = new ArrayList<>();
		arguments.add(String.valueOf(current.now()));
		arguments.add(String.valueOf((current.minInterval() != null) ? current.minInterval().toMillis() : 0));
		for (BudgetWindows.Window window : current.windows()) {
			arguments.add(String.valueOf(window.limit()));
			arguments.add(String.valueOf(Math.max(window.end() - current.now(), 1)));
		}
		List<?> answer = this.redis.execute(TAKE, keys(registrationId, current), arguments.toArray());
		Assert.state(answer != null && answer.size() == current.windows().size() + 2,
				"Budget script of client '" + registrationId + "' gave no answer");
		if (((Number) answer.get(0)).longValue() == 1) {
			return;
		}
		long last = ((Number) answer.get(1)).longValue();
		List<Integer> used = new ArrayList<>();
		for (Object count : answer.subList(2, answer.size())) {
			used.add(((Number) count).intValue());
		}
		throw current.exceeded(used, (last >= 0) ? last : null);
	}

	/**
	 * Return the state of a client's current windows, read from their counter keys.
	 */
	@Override
	public @Nullable BudgetState state(String registrationId) {
		BudgetWindows.Windows current = this.windows.current(registrationId);
		if (current == null) {
			return null;
		}
		List<String> values = this.redis.opsForValue().multiGet(keys(registrationId, current));
		Assert.state(values != null, "Redis answered no budget counters");
		List<Integer> used = new ArrayList<>();
		for (int i = 0; i < current.windows().size(); i++) {
			String value = values.get(i);
			used.add((value != null) ? Integer.parseInt(value) : 0);
		}
		String last = values.get(values.size() - 1);
		return current.state(used, (last != null) ? Long.valueOf(last) : null);
	}

	private List<String> keys(String registrationId, BudgetWindows.Windows current) {
		String client = this.keyPrefix + "budget:{" + registrationId + "}:";
		List<String> keys = new ArrayList<>();
		for (BudgetWindows.Window window : current.windows()) {
			keys.add(client + window.period() + ":" + window.start());
		}
		keys.add(client + "last");
		return keys;
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
