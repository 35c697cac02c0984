package dev.tokenstarter.samples.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link ProviderEmulator}: port, clock, injected latency, token lifetimes and
 * limits. Create with {@link #builder()} or {@link #defaults()}.
 * <p>
 * Defaults follow the seed documents: access tokens live 2 hours ({@code memories}),
 * 24 hours ({@code tokens-make}), 1 hour ({@code mention-me}, {@code agt}), 45 minutes
 * ({@code firebase-login}), 20 seconds ({@code short-lived}), 1 hour ({@code keystone}) and 8 hours
 * ({@code github-classic}); refresh tokens live 60 days
 * ({@code memories}), 14 days ({@code tokens-make}) and 1 day ({@code firebase-login}); {@code memories} issues 50 and
 * {@code tokens-make} 100 tokens per UTC day; {@code firebase-login} suspends the account
 * after more than 10 logins within an hour.
 */
public final class EmulatorSettings {

	private static final Map<String, Duration> DEFAULT_ACCESS_TOKEN_LIFETIMES = merged(Map.of(Providers.MEMORIES,
			Duration.ofHours(2), Providers.TOKENS_MAKE, Duration.ofHours(24), Providers.MENTION_ME,
			Duration.ofHours(1), Providers.AGT, Duration.ofHours(1), Providers.FIREBASE_LOGIN,
			Duration.ofMinutes(45), Providers.SHORT_LIVED, Duration.ofSeconds(20), Providers.KEYSTONE,
			Duration.ofHours(1), Providers.GITHUB_CLASSIC, Duration.ofHours(8)),
			Map.of(Providers.GITHUB_APP, Duration.ofHours(1), Providers.GOOGLE, Duration.ofHours(1),
					Providers.APP_STORE, Duration.ofMinutes(20), Providers.PARTNER_IDP, Duration.ofHours(1)));

	private static final Map<String, Duration> DEFAULT_REFRESH_TOKEN_LIFETIMES = Map.of(Providers.MEMORIES,
			Duration.ofDays(60), Providers.TOKENS_MAKE, Duration.ofDays(14), Providers.FIREBASE_LOGIN,
			Duration.ofDays(1));

	private static final Map<String, Integer> DEFAULT_DAILY_LIMITS = Map.of(Providers.MEMORIES, 50,
			Providers.TOKENS_MAKE, 100);

	private static final int DEFAULT_LOGINS_BEFORE_SUSPENSION = 10;

	private final int port;

	private final Clock clock;

	private final Duration latency;

	private final Map<String, Duration> accessTokenLifetimes;

	private final Map<String, Duration> refreshTokenLifetimes;

	private final Map<String, Integer> dailyLimits;

	private final int loginsBeforeSuspension;

	private static Map<String, Duration> merged(Map<String, Duration> first, Map<String, Duration> second) {
		Map<String, Duration> merged = new LinkedHashMap<>(first);
		merged.putAll(second);
		return Collections.unmodifiableMap(merged);
	}

	private EmulatorSettings(Builder builder) {
		this.port = builder.port;
		this.clock = builder.clock;
		this.latency = builder.latency;
		this.accessTokenLifetimes = Collections.unmodifiableMap(new LinkedHashMap<>(builder.accessTokenLifetimes));
		this.refreshTokenLifetimes = Collections.unmodifiableMap(new LinkedHashMap<>(builder.refreshTokenLifetimes));
		this.dailyLimits = Collections.unmodifiableMap(new LinkedHashMap<>(builder.dailyLimits));
		this.loginsBeforeSuspension = builder.loginsBeforeSuspension;
	}

	/**
	 * Return settings with every default: random port, system UTC clock, no latency.
	 * @return the default settings
	 */
	public static EmulatorSettings defaults() {
		return builder().build();
	}

	/**
	 * Return a builder preset with the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the port to bind on 127.0.0.1; {@code 0} picks a free port.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the clock used for every issued expiry and every expiry check.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
	}

	/**
	 * Return the delay added to every token endpoint response.
	 * @return the latency
	 */
	public Duration latency() {
		return this.latency;
	}

	/**
	 * Return the lifetime of access tokens issued by a provider.
	 * @param provider the provider name
	 * @return the lifetime
	 */
	public Duration accessTokenLifetime(String provider) {
		return this.accessTokenLifetimes.get(Providers.requireKnown(provider));
	}

	/**
	 * Return the lifetime of refresh tokens issued by a provider.
	 * @param provider {@code memories}, {@code tokens-make} or {@code firebase-login}
	 * @return the lifetime
	 */
	public Duration refreshTokenLifetime(String provider) {
		return this.refreshTokenLifetimes.get(requireSupported(provider, this.refreshTokenLifetimes, "refresh tokens"));
	}

	/**
	 * Return how many tokens a provider issues per UTC day of the clock.
	 * @param provider {@code memories} or {@code tokens-make}
	 * @return the daily limit
	 */
	public int dailyLimit(String provider) {
		return this.dailyLimits.get(requireSupported(provider, this.dailyLimits, "a daily limit"));
	}

	/**
	 * Return how many {@code firebase-login} logins within a rolling hour are tolerated; one
	 * more suspends the account.
	 * @return the number of tolerated logins per hour
	 */
	public int loginsBeforeSuspension() {
		return this.loginsBeforeSuspension;
	}

	private static String requireSupported(String provider, Map<String, ?> supported, String feature) {
		Providers.requireKnown(provider);
		if (!supported.containsKey(provider)) {
			throw new IllegalArgumentException(
					"Provider '" + provider + "' has no " + feature + "; only " + supported.keySet() + " do");
		}
		return provider;
	}

	/**
	 * Builder for {@link EmulatorSettings}.
	 */
	public static final class Builder {

		private int port;

		private Clock clock = Clock.systemUTC();

		private Duration latency = Duration.ZERO;

		private final Map<String, Duration> accessTokenLifetimes = new LinkedHashMap<>(
				DEFAULT_ACCESS_TOKEN_LIFETIMES);

		private final Map<String, Duration> refreshTokenLifetimes = new LinkedHashMap<>(
				DEFAULT_REFRESH_TOKEN_LIFETIMES);

		private final Map<String, Integer> dailyLimits = new LinkedHashMap<>(DEFAULT_DAILY_LIMITS);

		private int loginsBeforeSuspension = DEFAULT_LOGINS_BEFORE_SUSPENSION;

		private Builder() {
		}

		/**
		 * Set the port to bind on 127.0.0.1; {@code 0} (the default) picks a free port.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("port must be between 0 and 65535 but was " + port);
			}
			this.port = port;
			return this;
		}

		/**
		 * Set the clock used for every issued expiry and every expiry check.
		 * @param clock the clock, e.g. a {@link MutableClock}
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock cannot be null");
			return this;
		}

		/**
		 * Set the delay added to every token endpoint response.
		 * @param latency the latency, zero or positive
		 * @return this builder
		 */
		public Builder latency(Duration latency) {
			Objects.requireNonNull(latency, "latency cannot be null");
			if (latency.isNegative()) {
				throw new IllegalArgumentException("latency must not be negative but was " + latency);
			}
			this.latency = latency;
			return this;
		}

		/**
		 * Override the lifetime of the access tokens a provider issues.
		 * @param provider the provider name
		 * @param lifetime the lifetime, positive
		 * @return this builder
		 */
		public Builder accessTokenLifetime(String provider, Duration lifetime) {
			this.accessTokenLifetimes.put(Providers.requireKnown(provider), requirePositive(provider, lifetime));
			return this;
		}

		/**
		 * Override the lifetime of the refresh tokens a provider issues.
		 * @param provider {@code memories}, {@code tokens-make} or {@code firebase-login}
		 * @param lifetime the lifetime, positive
		 * @return this builder
		 */
		public Builder refreshTokenLifetime(String provider, Duration lifetime) {
			requireSupported(provider, this.refreshTokenLifetimes, "refresh tokens");
			this.refreshTokenLifetimes.put(provider, requirePositive(provider, lifetime));
			return this;
		}

		/**
		 * Override how many tokens a provider issues per UTC day of the clock.
		 * @param provider {@code memories} or {@code tokens-make}
		 * @param limit the limit, zero or positive
		 * @return this builder
		 */
		public Builder dailyLimit(String provider, int limit) {
			requireSupported(provider, this.dailyLimits, "a daily limit");
			if (limit < 0) {
				throw new IllegalArgumentException(
						"Daily limit of '" + provider + "' must not be negative but was " + limit);
			}
			this.dailyLimits.put(provider, limit);
			return this;
		}

		/**
		 * Set how many {@code firebase-login} logins within a rolling hour are tolerated; one
		 * more suspends the account until {@link ProviderEmulator#reset()}.
		 * @param logins the number of tolerated logins, zero or positive
		 * @return this builder
		 */
		public Builder loginsBeforeSuspension(int logins) {
			if (logins < 0) {
				throw new IllegalArgumentException("loginsBeforeSuspension must not be negative but was " + logins);
			}
			this.loginsBeforeSuspension = logins;
			return this;
		}

		/**
		 * Build the settings.
		 * @return the settings
		 */
		public EmulatorSettings build() {
			return new EmulatorSettings(this);
		}

		private static Duration requirePositive(String provider, Duration lifetime) {
			Objects.requireNonNull(lifetime, "lifetime cannot be null");
			if (lifetime.isNegative() || lifetime.isZero()) {
				throw new IllegalArgumentException(
						"Token lifetime of '" + provider + "' must be positive but was " + lifetime);
			}
			return lifetime;
		}

	}

}
