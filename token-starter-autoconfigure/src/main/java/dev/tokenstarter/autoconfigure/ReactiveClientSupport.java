package dev.tokenstarter.autoconfigure;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.DelegatingReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.core.callback.PendingCallbacks;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.endpoint.BoundedHttpClient;
import dev.tokenstarter.core.endpoint.ReactiveTokenEndpointClient;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.lifecycle.Renewer;
import dev.tokenstarter.core.provider.SelfSignedJwtReactiveOAuth2AuthorizedClientProvider;
import dev.tokenstarter.core.provider.TokenGrantReactiveOAuth2AuthorizedClientProvider;
import dev.tokenstarter.core.provider.TokenRefreshReactiveOAuth2AuthorizedClientProvider;
import dev.tokenstarter.core.provider.TokenStarterAttributes;
import dev.tokenstarter.core.store.TokenStore;
import dev.tokenstarter.core.store.TokenStoreReactiveOAuth2AuthorizedClientService;

/**
 * The reactive side of {@link TokenStarterClients}, kept in a class of its own so that applications
 * without WebFlux never load it: the reactive twin of each client's manager, on a WebClient with the JDK
 * HttpClient connector (never reactor-netty).
 *
 * @author token-starter
 */
final class ReactiveClientSupport {

	private final TokenClientDefinitions definitions;

	private final ReactiveClientRegistrationRepository repository;

	private final ReactiveOAuth2AuthorizedClientService service;

	private final IssuanceBudget issuanceBudget;

	private final Clock clock;

	private final String principal;

	private final @Nullable PendingCallbacks pendingCallbacks;

	private final ObservationRegistry observationRegistry;

	ReactiveClientSupport(TokenClientDefinitions definitions, Collection<ClientRegistration> registrations,
			ClientRegistrationRepository blockingRepository, TokenStore tokenStore, IssuanceBudget issuanceBudget,
			Clock clock, String principal, @Nullable PendingCallbacks pendingCallbacks,
			ObservationRegistry observationRegistry) {
		this.definitions = definitions;
		this.repository = new InMemoryReactiveClientRegistrationRepository(new ArrayList<>(registrations));
		this.service = new TokenStoreReactiveOAuth2AuthorizedClientService(blockingRepository, tokenStore);
		this.issuanceBudget = issuanceBudget;
		this.clock = clock;
		this.principal = principal;
		this.pendingCallbacks = pendingCallbacks;
		this.observationRegistry = observationRegistry;
	}

	Renewer renewer(TokenClientDefinition definition, HttpClient httpClient, Duration connectTimeout,
			Duration readTimeout, DataSize maxResponseSize, ExchangeHooks hooks) {
		// The connector's read timeout bounds the wait for the headers; the client's own timeout bounds
		// the whole exchange, body included, as the blocking side's read timeout does; and the bounded HTTP
		// client lets go of the connection of a response over the limit or the time-out.
		JdkClientHttpConnector connector = new JdkClientHttpConnector(
				BoundedHttpClient.of(httpClient, readTimeout, maxResponseSize));
		connector.setReadTimeout(readTimeout);
		ReactiveTokenEndpointClient endpointClient = new ReactiveTokenEndpointClient(
				WebClient.builder().clientConnector(connector).build());
		endpointClient.setTimeout(readTimeout);
		endpointClient.setConnectTimeout(connectTimeout);
		endpointClient.setMaxResponseSize(maxResponseSize);
		endpointClient.setClock(this.clock);
		endpointClient.setPendingCallbacks(this.pendingCallbacks);
		endpointClient.setObservationRegistry(this.observationRegistry);
		hooks.applyTo(endpointClient);
		TokenRefreshReactiveOAuth2AuthorizedClientProvider refresh;
		refresh = new TokenRefreshReactiveOAuth2AuthorizedClientProvider(this.definitions, endpointClient);
		refresh.setClock(this.clock);
		TokenGrantReactiveOAuth2AuthorizedClientProvider grant = new TokenGrantReactiveOAuth2AuthorizedClientProvider(
				this.definitions, endpointClient);
		grant.setClock(this.clock);
		grant.setIssuanceBudget(this.issuanceBudget);
		SelfSignedJwtReactiveOAuth2AuthorizedClientProvider selfSigned;
		selfSigned = new SelfSignedJwtReactiveOAuth2AuthorizedClientProvider(this.definitions);
		selfSigned.setClock(this.clock);
		selfSigned.setObservationRegistry(this.observationRegistry);
		AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager;
		manager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(this.repository, this.service);
		manager.setAuthorizedClientProvider(
				new DelegatingReactiveOAuth2AuthorizedClientProvider(refresh, grant, selfSigned));
		manager.setContextAttributesMapper(TokenStarterAttributes.reactiveContextAttributesMapper());
		return Renewer.of(manager, definition.getRegistrationId(), this.principal);
	}

}
