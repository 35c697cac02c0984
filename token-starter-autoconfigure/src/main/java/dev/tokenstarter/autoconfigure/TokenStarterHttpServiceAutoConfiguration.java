package dev.tokenstarter.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.web.client.ClientRegistrationIdProcessor;
import org.springframework.util.StringUtils;
import org.springframework.web.service.registry.HttpServiceProxyRegistry;

/**
 * Auto-configuration that binds the application's HTTP service groups ({@code @ImportHttpServices}) to
 * token clients: {@link TokenStarterRestClientHttpServiceGroupConfigurer} for RestClient groups and,
 * with WebFlux, {@link TokenStarterWebClientHttpServiceGroupConfigurer} for WebClient groups. Active only
 * when the application declares HTTP services.
 *
 * @author token-starter
 */
@AutoConfiguration(after = TokenStarterAutoConfiguration.class)
@ConditionalOnClass({ HttpServiceProxyRegistry.class, ClientRegistrationIdProcessor.class })
@ConditionalOnBean({ TokenStarterClients.class, HttpServiceProxyRegistry.class })
public final class TokenStarterHttpServiceAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TokenStarterRestClientHttpServiceGroupConfigurer tokenStarterRestClientHttpServiceGroupConfigurer(
			TokenStarterClients clients, TokenStarterProperties properties) {
		return new TokenStarterRestClientHttpServiceGroupConfigurer(clients, baseUrls(properties));
	}

	static Map<String, String> baseUrls(TokenStarterProperties properties) {
		Map<String, String> baseUrls = new LinkedHashMap<>();
		properties.getClients().forEach((id, client) -> {
			if (StringUtils.hasText(client.getBaseUrl())) {
				baseUrls.put(id, client.getBaseUrl().trim());
			}
		});
		return baseUrls;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = {
			"org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer",
			"reactor.core.publisher.Mono" })
	@ConditionalOnBean(TokenStarterExchangeFilters.class)
	static class ReactiveConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TokenStarterWebClientHttpServiceGroupConfigurer tokenStarterWebClientHttpServiceGroupConfigurer(
				TokenStarterExchangeFilters filters, TokenStarterProperties properties) {
			return new TokenStarterWebClientHttpServiceGroupConfigurer(filters, baseUrls(properties));
		}

	}

}
