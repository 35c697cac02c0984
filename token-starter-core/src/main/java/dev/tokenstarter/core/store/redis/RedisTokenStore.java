package dev.tokenstarter.core.store.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.util.Assert;

import dev.tokenstarter.core.store.StoredToken;
import dev.tokenstarter.core.store.StoredTokenCodec;
import dev.tokenstarter.core.store.TokenCipher;
import dev.tokenstarter.core.store.TokenStore;

/**
 * A {@link TokenStore} in Redis, shared by the instances of a fleet and kept across restarts. Each
 * client's token is one key, {@code <prefix>token:<registrationId>:<principal>}, whose value is the
 * {@link StoredTokenCodec} bytes encrypted by a {@link TokenCipher} with the key as context. The key
 * expires once neither the access token nor the refresh token can be used; it does not expire when one
 * of them has no known expiry. A value that cannot be read (another encryption key, an altered value)
 * is treated as absent, so the client fetches a new token and overwrites it.
 * <p>
 * Failures to reach Redis are thrown as Spring's {@code DataAccessException}s; wrap this store in a
 * {@link dev.tokenstarter.core.store.ResilientTokenStore} to keep working while Redis is away.
 *
 * @author token-starter
 */
public final class RedisTokenStore implements TokenStore {

	private static final Log logger = LogFactory.getLog(RedisTokenStore.class);

	/**
	 * Writes ARGV[1] to KEYS[1] unless the key holds a token usable for longer. ARGV[2] is when the new
	 * token stops being usable, in epoch milliseconds, or empty for never; ARGV[3] its time to live in
	 * milliseconds, or empty; ARGV[4] the current time in epoch milliseconds.
	 */
	private static final RedisScript<Long> SAVE_IF_NEWER = RedisScript.of("""
			local ttl = redis.call('PTTL', KEYS[1])
			if ttl >= 0 and ARGV[2] ~= '' and tonumber(ARGV[4]) + ttl > tonumber(ARGV[2]) then
				return 0
			end
			if ARGV[3] == '' then
				redis.call('SET', KEYS[1], ARGV[1])
			else
				redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
			end
			return 1
			""", Long.class);

	private final RedisTemplate<String, byte[]> redis;

	private final TokenCipher cipher;

	private final StoredTokenCodec codec = new StoredTokenCodec();

	private String keyPrefix = "token-starter:";

	private Clock clock = Clock.systemUTC();

	/**
	 * Create a store.
	 * @param connectionFactory the connections to Redis
	 * @param cipher encrypts the stored values, {@link TokenCipher#PLAINTEXT} only when explicitly allowed
	 */
	public RedisTokenStore(RedisConnectionFactory connectionFactory, TokenCipher cipher) {
		Assert.notNull(connectionFactory, "connectionFactory cannot be null");
		Assert.notNull(cipher, "cipher cannot be null");
		RedisTemplate<String, byte[]> template = new RedisTemplate<>();
		template.setConnectionFactory(connectionFactory);
		template.setKeySerializer(RedisSerializer.string());
		template.setValueSerializer(RedisSerializer.byteArray());
		template.afterPropertiesSet();
		this.redis = template;
		this.cipher = cipher;
	}

	@Override
	public @Nullable StoredToken load(String registrationId, String principalName) {
		String key = key(registrationId, principalName);
		byte[] value = this.redis.opsForValue().get(key);
		if (value == null) {
			return null;
		}
		try {
			return this.codec.decode(this.cipher.decrypt(value, key));
		}
		catch (RuntimeException ex) {
			logger.warn("Stored token of client '" + registrationId + "' in Redis cannot be read ("
					+ ex.getClass().getSimpleName()
					+ "): another encryption key, or an altered value; treating it as absent");
			return null;
		}
	}

	@Override
	public void save(String registrationId, String principalName, StoredToken token) {
		Assert.notNull(token, "token cannot be null");
		String key = key(registrationId, principalName);
		Instant usableUntil = usableUntil(token);
		if (usableUntil == null) {
			this.redis.opsForValue().set(key, encrypt(token, key));
			return;
		}
		Duration timeToLive = Duration.between(this.clock.instant(), usableUntil);
		if (timeToLive.toMillis() < 1) {
			this.redis.delete(key);
			return;
		}
		this.redis.opsForValue().set(key, encrypt(token, key), timeToLive);
	}

	/**
	 * Store the token unless the key holds one usable for longer, compared and written by one script:
	 * the stored token's end of use is its key's remaining time to live. When either token never expires,
	 * which is newer cannot be told, and the token is written.
	 */
	@Override
	public boolean saveIfNewer(String registrationId, String principalName, StoredToken token) {
		Assert.notNull(token, "token cannot be null");
		String key = key(registrationId, principalName);
		Instant usableUntil = usableUntil(token);
		long now = this.clock.millis();
		String timeToLive = "";
		if (usableUntil != null) {
			long millis = usableUntil.toEpochMilli() - now;
			if (millis < 1) {
				return false;
			}
			timeToLive = Long.toString(millis);
		}
		Long written = this.redis.execute(SAVE_IF_NEWER, List.of(key), encrypt(token, key),
				ascii((usableUntil != null) ? Long.toString(usableUntil.toEpochMilli()) : ""), ascii(timeToLive),
				ascii(Long.toString(now)));
		return written != null && written == 1;
	}

	@Override
	public void remove(String registrationId, String principalName) {
		this.redis.delete(key(registrationId, principalName));
	}

	/**
	 * Set the prefix of the keys; {@code token-starter:} by default.
	 * @param keyPrefix the prefix
	 */
	public void setKeyPrefix(String keyPrefix) {
		Assert.notNull(keyPrefix, "keyPrefix cannot be null");
		this.keyPrefix = keyPrefix;
	}

	/**
	 * Set the clock that the keys' time to live is computed with.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	private byte[] encrypt(StoredToken token, String key) {
		return this.cipher.encrypt(this.codec.encode(token), key);
	}

	private static byte[] ascii(String value) {
		return value.getBytes(StandardCharsets.US_ASCII);
	}

	private String key(String registrationId, String principalName) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.hasText(principalName, "principalName cannot be empty");
		return this.keyPrefix + "token:" + registrationId + ":" + principalName;
	}

	/**
	 * Return the later of the two tokens' expiries, or {@code null} when one of them never expires.
	 */
	private static @Nullable Instant usableUntil(StoredToken token) {
		Instant until = token.accessToken().getExpiresAt();
		if (token.refreshToken() != null) {
			Instant refreshUntil = token.refreshToken().getExpiresAt();
			until = (until == null || refreshUntil == null) ? null
					: (refreshUntil.isAfter(until) ? refreshUntil : until);
		}
		return until;
	}

}
