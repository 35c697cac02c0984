package dev.tokenstarter.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.security.oauth2.client.web.client.ClientRegistrationIdProcessor;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

/**
 * Binds HTTP service interfaces ({@code @HttpExchange}, {@code @ImportHttpServices}) of RestClient
 * groups to token clients. A group named after a token client gets that client's tokens on every call,
 * and its base URL unless something configured later sets one (such as Boot's
 * {@code spring.http.serviceclient.<group>.base-url}). In any group, a method or interface annotated
 * with Spring Security's {@code @ClientRegistrationId("<id>")} gets the tokens of token client
 * {@code <id>}, through {@link ClientRegistrationIdProcessor} added to the group's proxy factory.
 * <p>
 * It runs before Boot's own group configurers, so that their settings win; Spring Security's
 * {@code OAuth2RestClientHttpServiceGroupConfigurer}, if the application registers it as well, knows
 * only Spring's client registrations and fails for token-starter's ids in the same groups.
 *
 * @author token-starter
 * @see TokenStarterWebClientHttpServiceGroupConfigurer
 */
public final class TokenStarterRestClientHttpServiceGroupConfigurer implements RestClientHttpServiceGroupConfigurer {

	/**
	 * The order of the configurer: before Boot's {@code PropertiesRestClientHttpServiceGroupConfigurer}
	 * (highest precedence + 10).
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

	private final TokenStarterClients clients;

	private final Map<String, String> baseUrls;

	/**
	 * Create a configurer.
	 * @param clients the token clients
	 * @param baseUrls the base URLs of the clients that have one, by client id
	 */
	public TokenStarterRestClientHttpServiceGroupConfigurer(TokenStarterClients clients,
			Map<String, String> baseUrls) {
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(baseUrls, "baseUrls cannot be null");
		this.clients = clients;
		this.baseUrls = new LinkedHashMap<>(baseUrls);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void configureGroups(Groups<RestClient.Builder> groups) {
		groups.forEachGroup((group, builder, factory) -> {
			HttpServiceGroupClients.check(group, this.clients.ids());
			String clientId = this.clients.ids().contains(group.name()) ? group.name() : null;
			if (clientId != null && this.baseUrls.containsKey(clientId)) {
				builder.baseUrl(this.baseUrls.get(clientId));
			}
			builder.requestInterceptor(new RegistrationIdClientHttpRequestInterceptor(this.clients, clientId));
			factory.httpRequestValuesProcessor(ClientRegistrationIdProcessor.DEFAULT_INSTANCE);
		});
	}

}
