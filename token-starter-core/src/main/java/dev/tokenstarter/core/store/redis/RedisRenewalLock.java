package dev.tokenstarter.core.store.redis;

import java.time.Duration;
import java.util.List;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

import dev.tokenstarter.core.store.RenewalLock;

/**
 * A {@link RenewalLock} in Redis: the key {@code <prefix>lock:<registrationId>} is set to the owner's
 * value only if absent, with the lease as its time to live ({@code SET NX PX}), and released by a script
 * that deletes it only while it still holds that owner's value, so a holder whose lease ran out cannot
 * release the lock another instance took since.
 *
 * @author token-starter
 */
public final class RedisRenewalLock implements RenewalLock {

	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
				return redis.call('DEL', KEYS[1])
			end
			return 0
			""", Long.class);

	private final StringRedisTemplate redis;

	private String keyPrefix = "token-starter:";

	/**
	 * Create a lock.
	 * @param connectionFactory the connections to Redis
	 */
	public RedisRenewalLock(RedisConnectionFactory connectionFactory) {
		Assert.notNull(connectionFactory, "connectionFactory cannot be null");
		this.redis = new StringRedisTemplate(connectionFactory);
	}

	@Override
	public boolean tryAcquire(String registrationId, String owner, Duration lease) {
		Assert.hasText(owner, "owner cannot be empty");
		Assert.isTrue(lease != null && lease.toMillis() >= 1, "lease must be at least 1 ms");
		return Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(key(registrationId), owner, lease));
	}

	@Override
	public void release(String registrationId, String owner) {
		Assert.hasText(owner, "owner cannot be empty");
		this.redis.execute(RELEASE, List.of(key(registrationId)), owner);
	}

	/**
	 * Set the prefix of the keys; {@code token-starter:} by default.
	 * @param keyPrefix the prefix
	 */
	public void setKeyPrefix(String keyPrefix) {
		Assert.notNull(keyPrefix, "keyPrefix cannot be null");
		this.keyPrefix = keyPrefix;
	}

	private String key(String registrationId) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		return this.keyPrefix + "lock:" + registrationId;
	}

}
