package dev.tokenstarter.core.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link TokenStore} in memory, on a Caffeine cache: an entry is evicted once neither its access token
 * nor its refresh token can be used any more.
 *
 * @author token-starter
 */
public final class InMemoryTokenStore implements TokenStore {

	private final Cache<String, StoredToken> cache;

	public InMemoryTokenStore() {
		this(Clock.systemUTC());
	}

	public InMemoryTokenStore(Clock clock) {
		this(clock, Ticker.systemTicker());
	}

	/**
	 * Create a store whose evictions follow the given ticker, so that tests can move time for the
	 * cache as they move the clock.
	 */
	InMemoryTokenStore(Clock clock, Ticker ticker) {
		Assert.notNull(clock, "clock cannot be null");
		Assert.notNull(ticker, "ticker cannot be null");
		this.cache = Caffeine.newBuilder()
			.maximumSize(10_000)
			.expireAfter(new UsableLifetime(clock))
			.ticker(ticker)
			.build();
	}

	@Override
	public @Nullable StoredToken load(String registrationId, String principalName) {
		return this.cache.getIfPresent(key(registrationId, principalName));
	}

	@Override
	public void save(String registrationId, String principalName, StoredToken token) {
		Assert.notNull(token, "token cannot be null");
		this.cache.put(key(registrationId, principalName), token);
	}

	@Override
	public void remove(String registrationId, String principalName) {
		this.cache.invalidate(key(registrationId, principalName));
	}

	private static String key(String registrationId, String principalName) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.hasText(principalName, "principalName cannot be empty");
		return registrationId + '\u0000' + principalName;
	}

	private static final class UsableLifetime implements Expiry<String, StoredToken> {

		private final Clock clock;

		UsableLifetime(Clock clock) {
			this.clock = clock;
		}

		@Override
		public long expireAfterCreate(String key, StoredToken token, long currentTime) {
			Instant until = token.accessToken().getExpiresAt();
			if (token.refreshToken() != null) {
				Instant refreshUntil = token.refreshToken().getExpiresAt();
				until = (until == null || refreshUntil == null) ? null
						: (refreshUntil.isAfter(until) ? refreshUntil : until);
			}
			if (until == null) {
				return Long.MAX_VALUE;
			}
			long nanos = Duration.between(this.clock.instant(), until).toNanos();
			return Math.max(nanos, 0);
		}

		@Override
		public long expireAfterUpdate(String key, StoredToken token, long currentTime, long currentDuration) {
			return expireAfterCreate(key, token, currentTime);
		}

		@Override
		public long expireAfterRead(String key, StoredToken token, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
