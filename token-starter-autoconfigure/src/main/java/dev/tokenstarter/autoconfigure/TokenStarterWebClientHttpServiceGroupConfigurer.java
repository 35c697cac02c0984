package dev.tokenstarter.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.security.oauth2.client.web.client.ClientRegistrationIdProcessor;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientHttpServiceGroupConfigurer;

/**
 * The WebClient twin of {@link TokenStarterRestClientHttpServiceGroupConfigurer}: binds HTTP service
 * interfaces of WebClient groups to token clients, by group name or by {@code @ClientRegistrationId}.
 *
 * @author token-starter
 */
public final class TokenStarterWebClientHttpServiceGroupConfigurer implements WebClientHttpServiceGroupConfigurer {

	private final TokenStarterExchangeFilters filters;

	private final Map<String, String> baseUrls;

	/**
	 * Create a configurer.
	 * @param filters the WebClient filters of the token clients
	 * @param baseUrls the base URLs of the clients that have one, by client id
	 */
	public TokenStarterWebClientHttpServiceGroupConfigurer(TokenStarterExchangeFilters filters,
			Map<String, String> baseUrls) {
		Assert.notNull(filters, "filters cannot be null");
		Assert.notNull(baseUrls, "baseUrls cannot be null");
		this.filters = filters;
		this.baseUrls = new LinkedHashMap<>(baseUrls);
	}

	@Override
	public int getOrder() {
		return TokenStarterRestClientHttpServiceGroupConfigurer.ORDER;
	}

	@Override
	public void configureGroups(Groups<WebClient.Builder> groups) {
		groups.forEachGroup((group, builder, factory) -> {
			HttpServiceGroupClients.check(group, this.filters.ids());
			String clientId = this.filters.ids().contains(group.name()) ? group.name() : null;
			if (clientId != null && this.baseUrls.containsKey(clientId)) {
				builder.baseUrl(this.baseUrls.get(clientId));
			}
			builder.filter(new RegistrationIdExchangeFilterFunction(this.filters, clientId));
			factory.httpRequestValuesProcessor(ClientRegistrationIdProcessor.DEFAULT_INSTANCE);
		});
	}

}
