package dev.tokenstarter.autoconfigure.actuate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.tokenstarter.autoconfigure.TokenStarterAutoConfiguration;
import dev.tokenstarter.autoconfigure.TokenStarterClients;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.store.SharedStoreStatus;
import dev.tokenstarter.core.store.TokenStore;

/**
 * Auto-configuration of the {@link TokensEndpoint tokens} Actuator endpoint, when Actuator is present and
 * the endpoint is available (enabled and exposed, for instance with
 * {@code management.endpoints.web.exposure.include=tokens}). Actuator's classes are named as strings,
 * as in {@link TokenStarterMetricsAutoConfiguration}.
 *
 * @author token-starter
 */
@AutoConfiguration(after = TokenStarterAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
		"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
@ConditionalOnBean(TokenStarterClients.class)
@ConditionalOnAvailableEndpoint(TokensEndpoint.class)
public final class TokenStarterEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TokensEndpoint tokensEndpoint(TokenStarterClients clients, IssuanceBudget issuanceBudget, TokenStore tokenStore,
			ObjectProvider<SharedStoreStatus> sharedStoreStatus) {
		return new TokensEndpoint(clients, issuanceBudget, tokenStore, sharedStoreStatus.getIfUnique());
	}

}
