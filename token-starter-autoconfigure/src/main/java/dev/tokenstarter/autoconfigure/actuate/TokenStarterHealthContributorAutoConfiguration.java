package dev.tokenstarter.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.tokenstarter.autoconfigure.TokenStarterAutoConfiguration;
import dev.tokenstarter.autoconfigure.TokenStarterClients;

/**
 * Auto-configuration of the {@code tokenClients} health contributor: one
 * {@link TokenClientHealthIndicator} per token client, so that {@code /actuator/health} shows each
 * client and goes DOWN when one has no valid token and cannot get one. Switched off with
 * {@code management.health.token-clients.enabled=false}. The health classes are named as strings, as in
 * {@link TokenStarterMetricsAutoConfiguration}.
 *
 * @author token-starter
 */
@AutoConfiguration(after = TokenStarterAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.boot.health.contributor.HealthIndicator",
		"org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator" })
@ConditionalOnBean(TokenStarterClients.class)
@ConditionalOnEnabledHealthIndicator("token-clients")
public final class TokenStarterHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "tokenClientsHealthContributor")
	CompositeHealthContributor tokenClientsHealthContributor(TokenStarterClients clients) {
		Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
		for (String id : clients.ids()) {
			indicators.put(id, new TokenClientHealthIndicator(clients.lifecycle(id)));
		}
		return CompositeHealthContributor.fromMap(indicators);
	}

}
