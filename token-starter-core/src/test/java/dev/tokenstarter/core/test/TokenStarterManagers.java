package dev.tokenstarter.core.test;

import java.time.Clock;
import java.util.List;


import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.DelegatingOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.DelegatingReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;

import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.endpoint.ReactiveTokenEndpointClient;
import dev.tokenstarter.core.endpoint.TokenEndpointClient;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.provider.TokenGrantOAuth2AuthorizedClientProvider;
import dev.tokenstarter.core.provider.TokenGrantReactiveOAuth2AuthorizedClientProvider;
import dev.tokenstarter.core.provider.TokenRefreshOAuth2AuthorizedClientProvider;
import dev.tokenstarter.core.provider.TokenRefreshReactiveOAuth2AuthorizedClientProvider;
import dev.tokenstarter.core.provider.TokenStarterAttributes;
import dev.tokenstarter.core.store.TokenStore;
import dev.tokenstarter.core.store.TokenStoreOAuth2AuthorizedClientService;
import dev.tokenstarter.core.store.TokenStoreReactiveOAuth2AuthorizedClientService;

/**
 * Spring's authorized-client managers wired as token-starter wires them: Delegating(refresh, grant)
 * on a {@link TokenStore}, passing token-starter's attributes on to the providers, on a given clock.
 *
 * @author token-starter
 */
public final class TokenStarterManagers {

	private TokenStarterManagers() {
	}

	/**
	 * Return a blocking manager.
	 * @param definition the client
	 * @param registration its registration
	 * @param tokenStore where tokens are kept
	 * @param clock the clock of the providers and the endpoint client
	 * @return the manager
	 */
	public static AuthorizedClientServiceOAuth2AuthorizedClientManager blocking(TokenClientDefinition definition,
			ClientRegistration registration, TokenStore tokenStore, Clock clock) {
		return blocking(definition, registration, tokenStore, clock, IssuanceBudget.UNLIMITED);
	}

	/**
	 * Return a blocking manager whose grant provider takes logins from a budget.
	 * @param definition the client
	 * @param registration its registration
	 * @param tokenStore where tokens are kept
	 * @param clock the clock of the providers and the endpoint client
	 * @param budget the issuance budget
	 * @return the manager
	 */
	public static AuthorizedClientServiceOAuth2AuthorizedClientManager blocking(TokenClientDefinition definition,
			ClientRegistration registration, TokenStore tokenStore, Clock clock, IssuanceBudget budget) {
		TokenClientDefinitions definitions = new TokenClientDefinitions(List.of(definition));
		TokenEndpointClient endpointClient = new TokenEndpointClient(LoopbackClients.restClient().build());
		endpointClient.setClock(clock);
		TokenRefreshOAuth2AuthorizedClientProvider refresh = new TokenRefreshOAuth2AuthorizedClientProvider(definitions,
				endpointClient);
		refresh.setClock(clock);
		TokenGrantOAuth2AuthorizedClientProvider grant = new TokenGrantOAuth2AuthorizedClientProvider(definitions,
				endpointClient);
		grant.setClock(clock);
		grant.setIssuanceBudget(budget);
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager;
		manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations,
				new TokenStoreOAuth2AuthorizedClientService(registrations, tokenStore));
		manager.setAuthorizedClientProvider(new DelegatingOAuth2AuthorizedClientProvider(refresh, grant));
		manager.setContextAttributesMapper(TokenStarterAttributes.contextAttributesMapper());
		return manager;
	}

	/**
	 * Return a reactive manager.
	 * @param definition the client
	 * @param registration its registration
	 * @param tokenStore where tokens are kept
	 * @param clock the clock of the providers and the endpoint client
	 * @return the manager
	 */
	public static AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager reactive(
			TokenClientDefinition definition, ClientRegistration registration, TokenStore tokenStore, Clock clock) {
		return reactive(definition, registration, tokenStore, clock, IssuanceBudget.UNLIMITED);
	}

	/**
	 * Return a reactive manager whose grant provider takes logins from a budget.
	 * @param definition the client
	 * @param registration its registration
	 * @param tokenStore where tokens are kept
	 * @param clock the clock of the providers and the endpoint client
	 * @param budget the issuance budget
	 * @return the manager
	 */
	public static AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager reactive(
			TokenClientDefinition definition, ClientRegistration registration, TokenStore tokenStore, Clock clock,
			IssuanceBudget budget) {
		TokenClientDefinitions definitions = new TokenClientDefinitions(List.of(definition));
		ReactiveTokenEndpointClient endpointClient = new ReactiveTokenEndpointClient(
				LoopbackClients.webClient().build());
		endpointClient.setClock(clock);
		TokenRefreshReactiveOAuth2AuthorizedClientProvider refresh;
		refresh = new TokenRefreshReactiveOAuth2AuthorizedClientProvider(definitions, endpointClient);
		refresh.setClock(clock);
		TokenGrantReactiveOAuth2AuthorizedClientProvider grant = new TokenGrantReactiveOAuth2AuthorizedClientProvider(
				definitions, endpointClient);
		grant.setClock(clock);
		grant.setIssuanceBudget(budget);
		AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager;
		manager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(
				new InMemoryReactiveClientRegistrationRepository(registration),
				new TokenStoreReactiveOAuth2AuthorizedClientService(
						new InMemoryClientRegistrationRepository(registration), tokenStore));
		manager.setAuthorizedClientProvider(new DelegatingReactiveOAuth2AuthorizedClientProvider(refresh, grant));
		manager.setContextAttributesMapper(TokenStarterAttributes.reactiveContextAttributesMapper());
		return manager;
	}

}
