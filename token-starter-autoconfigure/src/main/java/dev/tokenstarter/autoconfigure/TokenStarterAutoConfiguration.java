package dev.tokenstarter.autoconfigure;

import java.time.Clock;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;

import dev.tokenstarter.core.callback.PendingCallbacks;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.lifecycle.InMemoryIssuanceBudget;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.lifecycle.TickingClock;
import dev.tokenstarter.core.lifecycle.TokenLifecycleListener;
import dev.tokenstarter.core.store.InMemoryTokenStore;
import dev.tokenstarter.core.store.RenewalLock;
import dev.tokenstarter.core.store.SharedStoreStatus;
import dev.tokenstarter.core.store.TokenStore;

/**
 * Auto-configuration of token-starter: the token clients of {@code token-starter.clients}, where their
 * tokens are kept, their issuance budgets, and for each client a RestClient bean that attaches its
 * tokens; when WebFlux is present, also a WebClient bean per client and the
 * {@link TokenStarterExchangeFilters}. Every bean backs off when the application defines its own. No
 * {@code ClientRegistrationRepository} and no security filter chain are defined, so Boot's own OAuth2
 * client registrations and web security are left as they are.
 * <p>
 * Time comes from the application's {@link Clock} bean when it has exactly one, otherwise from the UTC
 * system clock; token-starter does not define a {@code Clock} bean of its own. Token requests are
 * observed with the application's {@link ObservationRegistry} when it has exactly one, and every
 * {@link TokenLifecycleListener} bean hears the clients' renewals.
 *
 * @author token-starter
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "token-starter", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(TokenStarterProperties.class)
@Import(TokenClientBeansRegistrar.class)
public final class TokenStarterAutoConfiguration {

	@Bean
	static TokenStarterConfigurationCheck tokenStarterConfigurationCheck() {
		return new TokenStarterConfigurationCheck();
	}

	@Bean
	@ConditionalOnMissingBean
	TokenClientDefinitions tokenClientDefinitions(TokenStarterProperties properties, ResourceLoader resourceLoader) {
		return new TokenClientDefinitionMapper(resourceLoader).map(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	TokenStore tokenStarterTokenStore(TokenStarterProperties properties, ObjectProvider<Clock> clock) {
		checkStoreType(properties.getStore().getType());
		return new InMemoryTokenStore(clock(clock));
	}

	/**
	 * Fail when a persistent store was asked for but its auto-configuration could not apply, rather than
	 * quietly keeping tokens in memory, where they survive no restart and are not shared.
	 */
	private static void checkStoreType(String type) {
		String property = "token-starter.store.type";
		switch (type.trim().toLowerCase(java.util.Locale.ROOT)) {
			case "memory" -> {
			}
			case "jdbc" -> throw new TokenStarterConfigurationException(
					property + " is 'jdbc' but the application has no DataSource bean, or spring-jdbc is missing.",
					property, "Add spring-boot-starter-jdbc and a database driver and configure spring.datasource.*, "
							+ "or set " + property + "=memory.");
			case "redis" -> throw new TokenStarterConfigurationException(
					property + " is 'redis' but the application has no RedisConnectionFactory bean, "
							+ "or spring-data-redis is missing.",
					property, "Add spring-boot-starter-data-redis and configure spring.data.redis.*, or set "
							+ property + "=memory.");
			default -> throw new TokenStarterConfigurationException(
					property + " '" + type + "' is not one of memory, jdbc, redis.", property,
					"Set " + property + " to memory, jdbc or redis.");
		}
	}

	@Bean
	@ConditionalOnMissingBean
	IssuanceBudget tokenStarterIssuanceBudget(TokenClientDefinitions definitions, ObjectProvider<Clock> clock) {
		return new InMemoryIssuanceBudget(definitions, clock(clock));
	}

	@Bean
	@ConditionalOnMissingBean
	TokenStarterClients tokenStarterClients(TokenStarterProperties properties, TokenClientDefinitions definitions,
			TokenStore tokenStore, IssuanceBudget issuanceBudget, ObjectProvider<Clock> clock,
			ObjectProvider<RenewalLock> renewalLock, ObjectProvider<SharedStoreStatus> sharedStoreStatus,
			ObjectProvider<PendingCallbacks> pendingCallbacks,
			ObjectProvider<ObservationRegistry> observationRegistry, ObjectProvider<TokenLifecycleListener> listeners,
			ResourceLoader resourceLoader, ListableBeanFactory beanFactory) {
		TokenStarterClients.Builder builder = TokenStarterClients.withDefinitions(definitions)
			.tokenStore(tokenStore)
			.issuanceBudget(issuanceBudget)
			.clock(clock(clock))
			.principal(properties.getPrincipal())
			.reactive(TokenClientBeansRegistrar.isReactivePresent(resourceLoader.getClassLoader()));
		properties.getClients().forEach((id, client) -> {
			builder.endpointTimeouts(id, client.getConnectTimeout(), client.getReadTimeout());
			builder.maxResponseSize(id, client.getMaxResponseSize());
			if (client.getAcquireTimeout() != null) {
				builder.acquireTimeout(id, client.getAcquireTimeout());
			}
		});
		ExchangeHookBeans.apply(beanFactory, definitions, builder);
		pendingCallbacks.ifUnique(builder::pendingCallbacks);
		observationRegistry.ifUnique(builder::observationRegistry);
		listeners.orderedStream().forEach(builder::listener);
		RenewalLock lock = renewalLock.getIfUnique();
		SharedStoreStatus status = sharedStoreStatus.getIfUnique();
		if (lock != null && status != null) {
			builder.renewalLock(lock, status, properties.getStore().getLockLease(), properties.getStore().getLockWait());
		}
		return builder.build();
	}

	private static Clock clock(ObjectProvider<Clock> clock) {
		return clock.getIfUnique(TickingClock::systemUTC);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.web.reactive.function.client.WebClient",
			"reactor.core.publisher.Mono" })
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TokenStarterExchangeFilters tokenStarterExchangeFilters(TokenStarterClients clients) {
			return new TokenStarterExchangeFilters(clients);
		}

	}

}
