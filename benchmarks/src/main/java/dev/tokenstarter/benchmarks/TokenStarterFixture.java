package dev.tokenstarter.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;


import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.DelegatingOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.DelegatingReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.core.definition.BodyFormat;
import dev.tokenstarter.core.definition.ExpirySpec;
import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.definition.ResponseSource;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.definition.TokenCredentials;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.definition.TokenResponseSpec;
import dev.tokenstarter.core.endpoint.ReactiveTokenEndpointClient;
import dev.tokenstarter.core.endpoint.TokenEndpointClient;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.lifecycle.Renewer;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;
import dev.tokenstarter.core.provider.TokenGrantOAuth2AuthorizedClientProvider;
import dev.tokenstarter.core.provider.TokenGrantReactiveOAuth2AuthorizedClientProvider;
import dev.tokenstarter.core.provider.TokenRefreshOAuth2AuthorizedClientProvider;
import dev.tokenstarter.core.provider.TokenRefreshReactiveOAuth2AuthorizedClientProvider;
import dev.tokenstarter.core.provider.TokenStarterAttributes;
import dev.tokenstarter.core.store.InMemoryTokenStore;
import dev.tokenstarter.core.store.TokenStoreOAuth2AuthorizedClientService;
import dev.tokenstarter.core.store.TokenStoreReactiveOAuth2AuthorizedClientService;

/**
 * One token-starter client wired the way the auto-configuration wires it: a definition, a private
 * registration repository, Spring's authorized-client managers (blocking and reactive) over a
 * {@link InMemoryTokenStore}, token-starter's refresh and grant providers, and a {@link TokenLifecycle}
 * renewing through both managers. Every part that reads time gets the same clock.
 *
 * @author token-starter
 */
public final class TokenStarterFixture {

	/**
	 * Registration id of the client.
	 */
	public static final String REGISTRATION_ID = "token-starter";

	/**
	 * The fixed application principal.
	 */
	public static final String PRINCIPAL = "app";

	private final TokenClientDefinition definition;

	private final TokenLifecycle lifecycle;

	private TokenStarterFixture(TokenClientDefinition definition, TokenLifecycle lifecycle) {
		this.definition = definition;
		this.lifecycle = lifecycle;
	}

	/**
	 * Wire a client of the JSON token endpoint of a {@link LoopbackServer}.
	 * @param tokenUri the token endpoint
	 * @param lifecycleSpec the lifecycle settings
	 * @param expiry where the response gives the expiry, and the lifetime to assume without one
	 * @param clock the clock of the lifecycle, providers, endpoint clients and store
	 * @param httpClient the HTTP client of the token requests
	 * @return the fixture
	 */
	public static TokenStarterFixture create(URI tokenUri, LifecycleSpec lifecycleSpec, ExpirySpec expiry,
			Clock clock, HttpClient httpClient) {
		return create(tokenUri, lifecycleSpec, expiry, clock, httpClient, (definitions) -> IssuanceBudget.UNLIMITED);
	}

	/**
	 * Wire a client of the JSON token endpoint of a {@link LoopbackServer} whose token requests are taken
	 * from an issuance budget, as the auto-configuration wires one.
	 * @param tokenUri the token endpoint
	 * @param lifecycleSpec the lifecycle settings, with the budget's limits
	 * @param expiry where the response gives the expiry, and the lifetime to assume without one
	 * @param clock the clock of the lifecycle, providers, endpoint clients and store
	 * @param httpClient the HTTP client of the token requests
	 * @param budget makes the budget of the client's definitions
	 * @return the fixture
	 */
	public static TokenStarterFixture create(URI tokenUri, LifecycleSpec lifecycleSpec, ExpirySpec expiry,
			Clock clock, HttpClient httpClient, Function<TokenClientDefinitions, IssuanceBudget> budget) {
		TokenRequestSpec request = TokenRequestSpec.post(tokenUri.toString())
			.withBody(BodyFormat.JSON, Map.of("clientId", "{client-id}", "clientSecret", "{client-secret}"));
		TokenResponseSpec oauth2 = TokenResponseSpec.oauth2();
		TokenResponseSpec response = new TokenResponseSpec(oauth2.accessToken(), oauth2.refreshToken(),
				oauth2.tokenType(), expiry, oauth2.refreshExpiry(), oauth2.success(), oauth2.errorCode(),
				oauth2.errorMessage());
		TokenClientDefinition definition = TokenClientDefinition.withRegistrationId(REGISTRATION_ID)
			.grant(TokenGrant.CLIENT_CREDENTIALS)
			.credentials(TokenCredentials.of(Map.of("client-id", "bench-client", "client-secret", "bench-secret")))
			.tokenEndpoint(new TokenEndpointSpec(request, response))
			.lifecycle(lifecycleSpec)
			.build();
		TokenClientDefinitions definitions = new TokenClientDefinitions(List.of(definition));
		ClientRegistration registration = ClientRegistration.withRegistrationId(REGISTRATION_ID)
			.clientId("bench-client")
			.authorizationGrantType(TokenGrant.CLIENT_CREDENTIALS.authorizationGrantType())
			.tokenUri(tokenUri.toString())
			.build();
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
		InMemoryTokenStore tokenStore = new InMemoryTokenStore(clock);
		IssuanceBudget issuanceBudget = budget.apply(definitions);
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = manager(definitions, registrations,
				tokenStore, clock, httpClient, issuanceBudget);
		AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager reactiveManager = reactiveManager(definitions,
				registration, registrations, tokenStore, clock, httpClient, issuanceBudget);
		TokenLifecycle lifecycle = new TokenLifecycle(REGISTRATION_ID, lifecycleSpec,
				Renewer.of(manager, REGISTRATION_ID, PRINCIPAL), Renewer.of(reactiveManager, REGISTRATION_ID, PRINCIPAL));
		lifecycle.setClock(clock);
		if (lifecycleSpec.budget() != null) {
			lifecycle.setIssuanceBudget(issuanceBudget);
		}
		return new TokenStarterFixture(definition, lifecycle);
	}

	/**
	 * Return the {@code expires_in} expiry of OAuth2 responses, without an assumed lifetime.
	 * @return the expiry description
	 */
	public static ExpirySpec expiresIn() {
		return ExpirySpec.seconds("/expires_in");
	}

	/**
	 * Return the {@code expires_in} expiry of OAuth2 responses, with a lifetime to assume when it is absent.
	 * @param lifetime the lifetime
	 * @return the expiry description
	 */
	public static ExpirySpec expiresIn(Duration lifetime) {
		return new ExpirySpec(ResponseSource.body("/expires_in"), expiresIn().kind(), lifetime);
	}

	private static AuthorizedClientServiceOAuth2AuthorizedClientManager manager(TokenClientDefinitions definitions,
			InMemoryClientRegistrationRepository registrations, InMemoryTokenStore tokenStore, Clock clock,
			HttpClient httpClient, IssuanceBudget budget) {
		TokenEndpointClient endpointClient = new TokenEndpointClient(
				RestClient.builder().requestFactory(JdkHttp.requestFactory(httpClient)).build());
		endpointClient.setClock(clock);
		TokenRefreshOAuth2AuthorizedClientProvider refresh = new TokenRefreshOAuth2AuthorizedClientProvider(
				definitions, endpointClient);
		refresh.setClock(clock);
		TokenGrantOAuth2AuthorizedClientProvider grant = new TokenGrantOAuth2AuthorizedClientProvider(definitions,
				endpointClient);
		grant.setClock(clock);
		grant.setIssuanceBudget(budget);
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, new TokenStoreOAuth2AuthorizedClientService(registrations, tokenStore));
		manager.setAuthorizedClientProvider(new DelegatingOAuth2AuthorizedClientProvider(refresh, grant));
		manager.setContextAttributesMapper(TokenStarterAttributes.contextAttributesMapper());
		return manager;
	}

	private static AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager reactiveManager(
			TokenClientDefinitions definitions, ClientRegistration registration,
			InMemoryClientRegistrationRepository registrations, InMemoryTokenStore tokenStore, Clock clock,
			HttpClient httpClient, IssuanceBudget budget) {
		ReactiveTokenEndpointClient endpointClient = new ReactiveTokenEndpointClient(
				WebClient.builder().clientConnector(JdkHttp.connector(httpClient)).build());
		endpointClient.setClock(clock);
		TokenRefreshReactiveOAuth2AuthorizedClientProvider refresh = new TokenRefreshReactiveOAuth2AuthorizedClientProvider(
				definitions, endpointClient);
		refresh.setClock(clock);
		TokenGrantReactiveOAuth2AuthorizedClientProvider grant = new TokenGrantReactiveOAuth2AuthorizedClientProvider(
				definitions, endpointClient);
		grant.setClock(clock);
		grant.setIssuanceBudget(budget);
		AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(
				new InMemoryReactiveClientRegistrationRepository(registration),
				new TokenStoreReactiveOAuth2AuthorizedClientService(registrations, tokenStore));
		manager.setAuthorizedClientProvider(new DelegatingReactiveOAuth2AuthorizedClientProvider(refresh, grant));
		manager.setContextAttributesMapper(TokenStarterAttributes.reactiveContextAttributesMapper());
		return manager;
	}

	/**
	 * Return the client's definition.
	 * @return the definition
	 */
	public TokenClientDefinition definition() {
		return this.definition;
	}

	/**
	 * Return the client's lifecycle.
	 * @return the lifecycle
	 */
	public TokenLifecycle lifecycle() {
		return this.lifecycle;
	}

}
