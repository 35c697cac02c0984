package dev.tokenstarter.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.lifecycle.InMemoryIssuanceBudget;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.lifecycle.ResilientIssuanceBudget;
import dev.tokenstarter.core.lifecycle.TickingClock;
import dev.tokenstarter.core.store.InMemoryTokenStore;
import dev.tokenstarter.core.store.RenewalLock;
import dev.tokenstarter.core.store.ResilientTokenStore;
import dev.tokenstarter.core.store.SharedStoreStatus;
import dev.tokenstarter.core.store.TokenStore;
import dev.tokenstarter.core.store.redis.RedisIssuanceBudget;
import dev.tokenstarter.core.store.redis.RedisRenewalLock;
import dev.tokenstarter.core.store.redis.RedisTokenStore;

/**
 * Auto-configuration of the Redis token store, for {@code token-starter.store.type=redis}, on the
 * application's {@link RedisConnectionFactory} (Boot's {@code spring.data.redis.*}): tokens encrypted
 * with {@code token-starter.store.encryption-key} and kept across restarts, issuance budgets counted
 * fleet-wide, and a renewal lock so that a fleet sends one token request when its instances need a
 * token at once. Keys start with {@code token-starter.store.redis.key-prefix}. Redis's classes are named
 * as strings in the annotations, so that reading them without spring-data-redis logs nothing.
 * <p>
 * While Redis cannot be reached, token-starter works on an in-memory copy of the tokens and budgets,
 * logs one warning, and tries Redis again every {@code token-starter.store.retry-interval}. How soon it
 * notices depends on the Redis client's time-outs: Lettuce waits 60 seconds for a command by default, so
 * set {@code spring.data.redis.timeout} and {@code spring.data.redis.connect-timeout} to a second or two.
 *
 * @author token-starter
 */
@AutoConfiguration(before = TokenStarterAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.data.redis.connection.RedisConnectionFactory")
@ConditionalOnBooleanProperty(name = "token-starter.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "token-starter.store.type", havingValue = "redis")
@ConditionalOnBean(type = "org.springframework.data.redis.connection.RedisConnectionFactory")
@EnableConfigurationProperties(TokenStarterProperties.class)
public final class TokenStarterRedisStoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SharedStoreStatus tokenStarterSharedStoreStatus(TokenStarterProperties properties, ObjectProvider<Clock> clock) {
		return new SharedStoreStatus("redis", properties.getStore().getRetryInterval(), clock(clock));
	}

	@Bean
	@ConditionalOnMissingBean
	TokenStore tokenStarterTokenStore(RedisConnectionFactory connectionFactory, TokenStarterProperties properties,
			SharedStoreStatus status, ObjectProvider<Clock> clock) {
		RedisTokenStore redis = new RedisTokenStore(connectionFactory, StoreCiphers.cipher(properties.getStore()));
		redis.setKeyPrefix(properties.getStore().getRedis().getKeyPrefix());
		redis.setClock(clock(clock));
		return new ResilientTokenStore(redis, new InMemoryTokenStore(clock(clock)), status);
	}

	@Bean
	@ConditionalOnMissingBean
	IssuanceBudget tokenStarterIssuanceBudget(RedisConnectionFactory connectionFactory,
			TokenClientDefinitions definitions, TokenStarterProperties properties, SharedStoreStatus status,
			ObjectProvider<Clock> clock) {
		RedisIssuanceBudget redis = new RedisIssuanceBudget(connectionFactory, definitions, clock(clock));
		redis.setKeyPrefix(properties.getStore().getRedis().getKeyPrefix());
		return new ResilientIssuanceBudget(redis, new InMemoryIssuanceBudget(definitions, clock(clock)), status);
	}

	@Bean
	@ConditionalOnMissingBean
	RenewalLock tokenStarterRenewalLock(RedisConnectionFactory connectionFactory, TokenStarterProperties properties) {
		RedisRenewalLock lock = new RedisRenewalLock(connectionFactory);
		lock.setKeyPrefix(properties.getStore().getRedis().getKeyPrefix());
		return lock;
	}

	private static Clock clock(ObjectProvider<Clock> clock) {
		return clock.getIfUnique(TickingClock::systemUTC);
	}

}
