package dev.tokenstarter.autoconfigure;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.DelegatingOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;

import dev.tokenstarter.core.attach.TokenClientHttpRequestInterceptor;
import dev.tokenstarter.core.callback.PendingCallbacks;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.definition.TokenDelivery;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.endpoint.BoundedBody;
import dev.tokenstarter.core.endpoint.TokenEndpointClient;
import dev.tokenstarter.core.lifecycle.CoordinatedRenewer;
import dev.tokenstarter.core.lifecycle.Delayer;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.lifecycle.Renewer;
import dev.tokenstarter.core.lifecycle.TickingClock;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;
import dev.tokenstarter.core.lifecycle.TokenLifecycleListener;
import dev.tokenstarter.core.provider.SelfSignedJwtOAuth2AuthorizedClientProvider;
import dev.tokenstarter.core.provider.TokenGrantOAuth2AuthorizedClientProvider;
import dev.tokenstarter.core.provider.TokenRefreshOAuth2AuthorizedClientProvider;
import dev.tokenstarter.core.provider.TokenStarterAttributes;
import dev.tokenstarter.core.request.TokenRequestCustomizer;
import dev.tokenstarter.core.response.TokenResponseReader;
import dev.tokenstarter.core.store.InMemoryTokenStore;
import dev.tokenstarter.core.store.RenewalLock;
import dev.tokenstarter.core.store.SharedStoreStatus;
import dev.tokenstarter.core.store.TokenStore;
import dev.tokenstarter.core.store.TokenStoreOAuth2AuthorizedClientService;

/**
 * The token clients of an application, wired: for each registration id its definition, its
 * {@link TokenLifecycle} and the interceptor that attaches its tokens to a RestClient. When the clients
 * are built with their reactive side, each lifecycle also renews reactively, and
 * {@link TokenStarterExchangeFilters} hands out the WebClient filters. This class names no WebFlux type,
 * so that it can be a bean of applications without WebFlux.
 * <p>
 * Inside, each client gets a registration in a private {@link InMemoryClientRegistrationRepository}
 * (never exposed as a bean, so that Boot's own {@code spring.security.oauth2.client} registrations keep
 * working), an authorized-client manager whose provider tries the client's refresh endpoint before
 * its grant, and HTTP clients of its own for its token endpoint, with its time-outs and its response size
 * limit. Every exchange with a token endpoint is bounded end to end, on both stacks, by the client's read
 * timeout, and no caller waits for a token longer than the client's acquire timeout. Renewals and their
 * retries run on a pool of daemon threads that grows with the renewals in progress (one per client at
 * most, so that one client's hanging endpoint never holds up another's), which {@link #close()} shuts
 * down.
 *
 * @author token-starter
 */
public final class TokenStarterClients implements AutoCloseable {

	private final Map<String, Client> clients;

	private final List<ExecutorService> executors;

	private TokenStarterClients(Map<String, Client> clients, List<ExecutorService> executors) {
		this.clients = Collections.unmodifiableMap(clients);
		this.executors = executors;
	}

	/**
	 * Start wiring the given clients.
	 * @param definitions the client definitions
	 * @return a builder
	 */
	public static Builder withDefinitions(TokenClientDefinitions definitions) {
		Assert.notNull(definitions, "definitions cannot be null");
		return new Builder(definitions);
	}

	/**
	 * Return the registration ids of the clients, in configuration order.
	 * @return the ids
	 */
	public Set<String> ids() {
		return this.clients.keySet();
	}

	/**
	 * Return the definition of a client.
	 * @param registrationId the client's registration id
	 * @return the definition
	 * @throws IllegalArgumentException when there is no such client
	 */
	public TokenClientDefinition definition(String registrationId) {
		return client(registrationId).definition();
	}

	/**
	 * Return the lifecycle of a client, which hands out its current token.
	 * @param registrationId the client's registration id
	 * @return the lifecycle
	 * @throws IllegalArgumentException when there is no such client
	 */
	public TokenLifecycle lifecycle(String registrationId) {
		return client(registrationId).lifecycle();
	}

	/**
	 * Return the interceptor that attaches a client's tokens to the requests of a RestClient.
	 * @param registrationId the client's registration id
	 * @return the interceptor
	 * @throws IllegalArgumentException when there is no such client
	 */
	public TokenClientHttpRequestInterceptor interceptor(String registrationId) {
		return client(registrationId).interceptor();
	}

	/**
	 * Stop the threads of background renewals and retries.
	 */
	@Override
	public void close() {
		this.executors.forEach(ExecutorService::shutdown);
	}

	private Client client(String registrationId) {
		Client client = this.clients.get(registrationId);
		Assert.isTrue(client != null,
				() -> "No token client '" + registrationId + "'; token clients are " + this.clients.keySet());
		return client;
	}

	private record Client(TokenClientDefinition definition, TokenLifecycle lifecycle,
			TokenClientHttpRequestInterceptor interceptor) {
	}

	/**
	 * Builder of {@link TokenStarterClients}.
	 */
	public static final class Builder {

		private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

		private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

		private final TokenClientDefinitions definitions;

		private @Nullable TokenStore tokenStore;

		private IssuanceBudget issuanceBudget = IssuanceBudget.UNLIMITED;

		private Clock clock = TickingClock.systemUTC();

		private String principal = "token-starter";

		private final Map<String, Duration> connectTimeouts = new HashMap<>();

		private final Map<String, Duration> readTimeouts = new HashMap<>();

		private final Map<String, Duration> acquireTimeouts = new HashMap<>();

		private final Map<String, DataSize> maxResponseSizes = new HashMap<>();

		private final Map<String, TokenRequestCustomizer> requestCustomizers = new HashMap<>();

		private final Map<String, TokenResponseReader> responseReaders = new HashMap<>();

		private boolean reactive;

		private @Nullable Delayer delayer;

		private @Nullable RenewalLock renewalLock;

		private @Nullable SharedStoreStatus sharedStoreStatus;

		private Duration lockLease = Duration.ofSeconds(30);

		private Duration lockWait = Duration.ofSeconds(35);

		private @Nullable PendingCallbacks pendingCallbacks;

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private final List<TokenLifecycleListener> listeners = new ArrayList<>();

		private Builder(TokenClientDefinitions definitions) {
			this.definitions = definitions;
		}

		/**
		 * Set where tokens are kept; an {@link InMemoryTokenStore} by default.
		 * @param tokenStore the store
		 * @return this builder
		 */
		public Builder tokenStore(TokenStore tokenStore) {
			Assert.notNull(tokenStore, "tokenStore cannot be null");
			this.tokenStore = tokenStore;
			return this;
		}

		/**
		 * Set the budget that token requests are taken from; unlimited by default.
		 * @param issuanceBudget the budget
		 * @return this builder
		 */
		public Builder issuanceBudget(IssuanceBudget issuanceBudget) {
			Assert.notNull(issuanceBudget, "issuanceBudget cannot be null");
			this.issuanceBudget = issuanceBudget;
			return this;
		}

		/**
		 * Set the clock that decides expiry and renewals; the UTC system clock by default.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "clock cannot be null");
			this.clock = clock;
			return this;
		}

		/**
		 * Set the fixed application principal that tokens are stored under.
		 * @param principal the principal name
		 * @return this builder
		 */
		public Builder principal(String principal) {
			Assert.hasText(principal, "principal cannot be empty");
			this.principal = principal;
			return this;
		}

		/**
		 * Set the time-outs of a client's calls to its token and refresh endpoints; 5 s to connect and
		 * 10 s to read by default.
		 * @param registrationId the client's registration id
		 * @param connectTimeout the connect time-out
		 * @param readTimeout the read time-out
		 * @return this builder
		 */
		public Builder endpointTimeouts(String registrationId, Duration connectTimeout, Duration readTimeout) {
			Assert.hasText(registrationId, "registrationId cannot be empty");
			Assert.isTrue(connectTimeout != null && !connectTimeout.isNegative() && !connectTimeout.isZero(),
					"connectTimeout must be positive");
			Assert.isTrue(readTimeout != null && !readTimeout.isNegative() && !readTimeout.isZero(),
					"readTimeout must be positive");
			this.connectTimeouts.put(registrationId, connectTimeout);
			this.readTimeouts.put(registrationId, readTimeout);
			return this;
		}

		/**
		 * Set how long a caller waits for a client's token at most, whatever the retries; by default the
		 * client's read timeout, plus its callback timeout when its tokens come by callback.
		 * @param registrationId the client's registration id
		 * @param acquireTimeout the acquire timeout
		 * @return this builder
		 */
		public Builder acquireTimeout(String registrationId, Duration acquireTimeout) {
			Assert.hasText(registrationId, "registrationId cannot be empty");
			Assert.isTrue(acquireTimeout != null && !acquireTimeout.isNegative() && !acquireTimeout.isZero(),
					"acquireTimeout must be positive");
			this.acquireTimeouts.put(registrationId, acquireTimeout);
			return this;
		}

		/**
		 * Set how large the body of a client's token or refresh response, or of a delivery to its
		 * callback, may be; 64 KB by default.
		 * @param registrationId the client's registration id
		 * @param maxResponseSize the limit
		 * @return this builder
		 */
		public Builder maxResponseSize(String registrationId, DataSize maxResponseSize) {
			Assert.hasText(registrationId, "registrationId cannot be empty");
			BoundedBody.limit(maxResponseSize);
			this.maxResponseSizes.put(registrationId, maxResponseSize);
			return this;
		}

		/**
		 * Set what changes a client's token and refresh requests after they are built and before they are
		 * sent, on both stacks.
		 * @param registrationId the client's registration id
		 * @param customizer the customizer
		 * @return this builder
		 */
		public Builder requestCustomizer(String registrationId, TokenRequestCustomizer customizer) {
			Assert.hasText(registrationId, "registrationId cannot be empty");
			Assert.notNull(customizer, "customizer cannot be null");
			this.requestCustomizers.put(registrationId, customizer);
			return this;
		}

		/**
		 * Set what reads a client's token and refresh responses in code, on both stacks.
		 * @param registrationId the client's registration id
		 * @param reader the reader
		 * @return this builder
		 */
		public Builder responseReader(String registrationId, TokenResponseReader reader) {
			Assert.hasText(registrationId, "registrationId cannot be empty");
			Assert.notNull(reader, "reader cannot be null");
			this.responseReaders.put(registrationId, reader);
			return this;
		}

		/**
		 * Set whether to build the reactive side too: each lifecycle renews reactive callers through a
		 * reactive manager on a WebClient. It needs spring-webflux and reactor-core.
		 * @param reactive whether to build the reactive side
		 * @return this builder
		 */
		public Builder reactive(boolean reactive) {
			this.reactive = reactive;
			return this;
		}

		/**
		 * Set what runs renewals and retries; by default a pool of daemon threads named
		 * {@code token-starter-renewal-N}, one per renewal in progress, shut down by
		 * {@link TokenStarterClients#close()}.
		 * @param delayer the delayer
		 * @return this builder
		 */
		public Builder delayer(Delayer delayer) {
			Assert.notNull(delayer, "delayer cannot be null");
			this.delayer = delayer;
			return this;
		}

		/**
		 * Coordinate renewals across a fleet: each renewal takes the client's lock in the shared store
		 * first, so that instances needing a token at once send one token request.
		 * @param renewalLock the fleet-wide lock
		 * @param status the shared store's status
		 * @param lease how long a lock holder may take to renew
		 * @param wait how long to wait for the lock before renewing without it
		 * @return this builder
		 */
		public Builder renewalLock(RenewalLock renewalLock, SharedStoreStatus status, Duration lease,
				Duration wait) {
			Assert.notNull(renewalLock, "renewalLock cannot be null");
			Assert.notNull(status, "status cannot be null");
			Assert.isTrue(lease != null && !lease.isNegative() && !lease.isZero(), "lease must be positive");
			Assert.isTrue(wait != null && !wait.isNegative(), "wait must not be negative");
			this.renewalLock = renewalLock;
			this.sharedStoreStatus = status;
			this.lockLease = lease;
			this.lockWait = wait;
			return this;
		}

		/**
		 * Set where token fetches of clients whose tokens come by callback wait for their delivery;
		 * required when there are such clients.
		 * @param pendingCallbacks the pending callbacks, fed by the application's callback endpoint
		 * @return this builder
		 */
		public Builder pendingCallbacks(PendingCallbacks pendingCallbacks) {
			Assert.notNull(pendingCallbacks, "pendingCallbacks cannot be null");
			this.pendingCallbacks = pendingCallbacks;
			return this;
		}

		/**
		 * Set the registry that observes each token request as {@code token-starter.token.request};
		 * none by default.
		 * @param observationRegistry the registry
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			Assert.notNull(observationRegistry, "observationRegistry cannot be null");
			this.observationRegistry = observationRegistry;
			return this;
		}

		/**
		 * Add a listener to the renewals and invalid tokens of every client; listeners hear events in
		 * the order they were added.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(TokenLifecycleListener listener) {
			Assert.notNull(listener, "listener cannot be null");
			this.listeners.add(listener);
			return this;
		}

		/**
		 * Wire the clients.
		 * @return the clients
		 * @throws IllegalStateException when a client's tokens come by callback and no pending callbacks
		 * are set
		 */
		public TokenStarterClients build() {
			if (this.definitions.all().isEmpty()) {
				return new TokenStarterClients(Map.of(), List.of());
			}
			checkCallbacks();
			TokenStore store = (this.tokenStore != null) ? this.tokenStore : new InMemoryTokenStore(this.clock);
			Map<String, ClientRegistration> registrations = new LinkedHashMap<>();
			for (TokenClientDefinition definition : this.definitions.all()) {
				registrations.put(definition.getRegistrationId(), registration(definition));
			}
			ClientRegistrationRepository repository = new InMemoryClientRegistrationRepository(registrations);
			OAuth2AuthorizedClientService service = new TokenStoreOAuth2AuthorizedClientService(repository, store);
			ReactiveClientSupport reactiveSupport = this.reactive ? new ReactiveClientSupport(this.definitions,
					registrations.values(), repository, store, this.issuanceBudget, this.clock, this.principal,
					this.pendingCallbacks, this.observationRegistry) : null;
			List<ExecutorService> executors = new ArrayList<>();
			Delayer delayerToUse = this.delayer;
			if (delayerToUse == null) {
				ExecutorService executor = renewalExecutor();
				executors.add(executor);
				delayerToUse = Delayer.on(executor);
			}
			ExecutorService lockWaits = null;
			if (this.renewalLock != null && reactiveSupport != null) {
				lockWaits = lockWaitExecutor();
				executors.add(lockWaits);
			}
			TokenLifecycleListener listener = TokenLifecycleListener.composite(this.listeners);
			Map<Duration, HttpClient> httpClients = new HashMap<>();
			Map<String, Client> clients = new LinkedHashMap<>();
			for (TokenClientDefinition definition : this.definitions.all()) {
				String id = definition.getRegistrationId();
				Duration connectTimeout = this.connectTimeouts.getOrDefault(id, DEFAULT_CONNECT_TIMEOUT);
				HttpClient httpClient = httpClients.computeIfAbsent(connectTimeout,
						(timeout) -> HttpClient.newBuilder().connectTimeout(timeout).build());
				Duration readTimeout = this.readTimeouts.getOrDefault(id, DEFAULT_READ_TIMEOUT);
				DataSize maxResponseSize = this.maxResponseSizes.getOrDefault(id, BoundedBody.DEFAULT_LIMIT);
				ExchangeHooks hooks = new ExchangeHooks(this.requestCustomizers.get(id), this.responseReaders.get(id));
				Renewer blocking = renewer(definition, repository, service, httpClient, connectTimeout, readTimeout,
						maxResponseSize, hooks);
				Renewer reactiveRenewer = (reactiveSupport != null) ? reactiveSupport.renewer(definition, httpClient,
						connectTimeout, readTimeout, maxResponseSize, hooks) : null;
				if (this.renewalLock != null) {
					Duration longest = longestRenewal(definition, connectTimeout, readTimeout);
					blocking = coordinated(blocking, id, longest, null);
					reactiveRenewer = (reactiveRenewer != null)
							? coordinated(reactiveRenewer, id, longest, lockWaits) : null;
				}
				TokenLifecycle lifecycle = new TokenLifecycle(id, definition.getLifecycle(), blocking, reactiveRenewer);
				lifecycle.setClock(this.clock);
				lifecycle.setDelayer(delayerToUse);
				lifecycle.setListener(listener);
				if (definition.getLifecycle().budget() != null) {
					lifecycle.setIssuanceBudget(this.issuanceBudget);
				}
				lifecycle.setAcquireTimeout(
						this.acquireTimeouts.getOrDefault(id, defaultAcquireTimeout(definition, readTimeout)));
				TokenClientHttpRequestInterceptor interceptor = new TokenClientHttpRequestInterceptor(lifecycle,
						definition);
				clients.put(id, new Client(definition, lifecycle, interceptor));
			}
			return new TokenStarterClients(clients, executors);
		}

		private void checkCallbacks() {
			if (this.pendingCallbacks != null) {
				return;
			}
			for (TokenClientDefinition definition : this.definitions.all()) {
				TokenEndpointSpec refresh = definition.getRefreshEndpoint();
				if (definition.getTokenEndpoint().delivery() == TokenDelivery.CALLBACK
						|| (refresh != null && refresh.delivery() == TokenDelivery.CALLBACK)) {
					throw new IllegalStateException("Token client '" + definition.getRegistrationId()
							+ "' receives its tokens by callback, which needs a servlet or reactive web application"
							+ " to expose the callback endpoint, or a PendingCallbacks bean fed by an endpoint of"
							+ " your own");
				}
			}
		}

		/**
		 * Return the default acquire timeout of a client: one read timeout, and the wait for a delivery to
		 * the callback when its tokens come that way.
		 */
		private static Duration defaultAcquireTimeout(TokenClientDefinition definition, Duration readTimeout) {
			Duration callback = Duration.ZERO;
			for (TokenEndpointSpec endpoint : new TokenEndpointSpec[] { definition.getTokenEndpoint(),
					definition.getRefreshEndpoint() }) {
				if (endpoint != null && endpoint.delivery() == TokenDelivery.CALLBACK
						&& endpoint.callbackTimeout().compareTo(callback) > 0) {
					callback = endpoint.callbackTimeout();
				}
			}
			return readTimeout.plus(callback);
		}

		/**
		 * Return a renewer under the fleet-wide lock, whose lease outlasts the longest renewal attempt of
		 * the client, so that no other instance takes the lock and sends a second token request while it
		 * runs; others wait for it as much longer than the lease as configured.
		 */
		private Renewer coordinated(Renewer renewer, String registrationId, Duration longestRenewal,
				@Nullable ExecutorService waits) {
			Duration lease = (longestRenewal.compareTo(this.lockLease) > 0) ? longestRenewal : this.lockLease;
			Duration beyondLease = this.lockWait.minus(this.lockLease);
			Duration wait = lease.plus(beyondLease.isNegative() ? Duration.ZERO : beyondLease);
			return new CoordinatedRenewer(renewer, this.renewalLock, this.sharedStoreStatus, registrationId, lease,
					(wait.compareTo(this.lockWait) > 0) ? wait : this.lockWait, waits);
		}

		/**
		 * Return how long one renewal attempt of a client may take at most: for each of its endpoints, the
		 * connect timeout, the read timeout (which bounds the whole exchange) and the wait for a delivery
		 * by callback, the refresh endpoint's added since a refused refresh is followed by a login.
		 */
		static Duration longestRenewal(TokenClientDefinition definition, Duration connectTimeout,
				Duration readTimeout) {
			Duration longest = Duration.ZERO;
			for (TokenEndpointSpec endpoint : new TokenEndpointSpec[] { definition.getTokenEndpoint(),
					definition.getRefreshEndpoint() }) {
				if (endpoint != null) {
					longest = longest.plus(connectTimeout).plus(readTimeout);
					if (endpoint.delivery() == TokenDelivery.CALLBACK) {
						longest = longest.plus(endpoint.callbackTimeout());
					}
				}
			}
			return longest;
		}

		/**
		 * Return the threads on which reactive renewals wait for the fleet-wide lock, off the event loop.
		 */
		private static ExecutorService lockWaitExecutor() {
			CustomizableThreadFactory threadFactory = new CustomizableThreadFactory("token-starter-lock-");
			threadFactory.setDaemon(true);
			return Executors.newCachedThreadPool(threadFactory);
		}

		private Renewer renewer(TokenClientDefinition definition, ClientRegistrationRepository repository,
				OAuth2AuthorizedClientService service, HttpClient httpClient, Duration connectTimeout,
				Duration readTimeout, DataSize maxResponseSize, ExchangeHooks hooks) {
			// The JDK request factory's read timeout bounds the whole exchange, up to the body's end.
			JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
			requestFactory.setReadTimeout(readTimeout);
			TokenEndpointClient endpointClient = new TokenEndpointClient(
					RestClient.builder().requestFactory(requestFactory).build());
			endpointClient.setTimeouts(connectTimeout, readTimeout);
			endpointClient.setMaxResponseSize(maxResponseSize);
			endpointClient.setClock(this.clock);
			endpointClient.setPendingCallbacks(this.pendingCallbacks);
			endpointClient.setObservationRegistry(this.observationRegistry);
			hooks.applyTo(endpointClient);
			TokenRefreshOAuth2AuthorizedClientProvider refresh = new TokenRefreshOAuth2AuthorizedClientProvider(
					this.definitions, endpointClient);
			refresh.setClock(this.clock);
			TokenGrantOAuth2AuthorizedClientProvider grant = new TokenGrantOAuth2AuthorizedClientProvider(
					this.definitions, endpointClient);
			grant.setClock(this.clock);
			grant.setIssuanceBudget(this.issuanceBudget);
			SelfSignedJwtOAuth2AuthorizedClientProvider selfSigned = new SelfSignedJwtOAuth2AuthorizedClientProvider(
					this.definitions);
			selfSigned.setClock(this.clock);
			selfSigned.setObservationRegistry(this.observationRegistry);
			AuthorizedClientServiceOAuth2AuthorizedClientManager manager;
			manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(repository, service);
			manager.setAuthorizedClientProvider(
					new DelegatingOAuth2AuthorizedClientProvider(refresh, grant, selfSigned));
			manager.setContextAttributesMapper(TokenStarterAttributes.contextAttributesMapper());
			return Renewer.of(manager, definition.getRegistrationId(), this.principal);
		}

		/**
		 * Return a registration for Spring's managers: token-starter's grant type, and the client id (or
		 * the registration id) but never the client secret, which ClientRegistration.toString shows.
		 */
		private static ClientRegistration registration(TokenClientDefinition definition) {
			String clientId = definition.getCredentials().get("client-id");
			return ClientRegistration.withRegistrationId(definition.getRegistrationId())
				.authorizationGrantType(definition.getGrant().authorizationGrantType())
				.clientId((clientId != null) ? clientId : definition.getRegistrationId())
				.clientName(definition.getRegistrationId())
				.build();
		}

		/**
		 * Return the pool of renewals and retries: a thread for each task, reused for 30 seconds, so that
		 * a renewal hanging on one client's endpoint never queues another client's behind it; renewals are
		 * single-flight, so there are no more threads than clients renewing at once. A task that arrives
		 * after shutdown runs in the submitting thread, so that no renewal is left without an outcome.
		 */
		private static ExecutorService renewalExecutor() {
			CustomizableThreadFactory threadFactory = new CustomizableThreadFactory("token-starter-renewal-");
			threadFactory.setDaemon(true);
			return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
					threadFactory, (task, pool) -> task.run());
		}

	}

}
