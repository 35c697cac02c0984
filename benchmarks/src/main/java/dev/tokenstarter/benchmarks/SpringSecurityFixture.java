package dev.tokenstarter.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;

import org.jspecify.annotations.Nullable;

import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.InMemoryReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Stock Spring Security for the same job: a standard {@code client_credentials} registration against the
 * form token endpoint of a {@link LoopbackServer}, {@link AuthorizedClientServiceOAuth2AuthorizedClientManager}
 * with the built-in client-credentials provider and {@link InMemoryOAuth2AuthorizedClientService}, and
 * the reactive twins. The only changes from Spring's defaults: the token clients use the same JDK HTTP
 * client as token-starter, the providers use the benchmark's clock, and on a simulated clock tokens are
 * stamped with that clock (see {@link SimulatedTime}).
 *
 * @author token-starter
 */
public final class SpringSecurityFixture {

	/**
	 * Registration id of the client.
	 */
	public static final String REGISTRATION_ID = "spring-security";

	private final AuthorizedClientServiceOAuth2AuthorizedClientManager manager;

	private final AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager reactiveManager;

	private final OAuth2AuthorizeRequest authorizeRequest = OAuth2AuthorizeRequest
		.withClientRegistrationId(REGISTRATION_ID)
		.principal(TokenStarterFixture.PRINCIPAL)
		.build();

	private SpringSecurityFixture(AuthorizedClientServiceOAuth2AuthorizedClientManager manager,
			AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager reactiveManager) {
		this.manager = manager;
		this.reactiveManager = reactiveManager;
	}

	/**
	 * Wire stock Spring Security on the system clock.
	 * @param tokenUri the form token endpoint
	 * @param httpClient the HTTP client of the token requests
	 * @return the fixture
	 */
	public static SpringSecurityFixture create(URI tokenUri, HttpClient httpClient) {
		return create(tokenUri, httpClient, Clock.systemUTC(), null);
	}

	/**
	 * Wire stock Spring Security on a simulated clock.
	 * @param tokenUri the form token endpoint
	 * @param httpClient the HTTP client of the token requests
	 * @param clock the simulated clock
	 * @return the fixture
	 */
	public static SpringSecurityFixture create(URI tokenUri, HttpClient httpClient, MutableClock clock) {
		return create(tokenUri, httpClient, clock, clock);
	}

	private static SpringSecurityFixture create(URI tokenUri, HttpClient httpClient, Clock clock,
			@Nullable Clock simulated) {
		ClientRegistration registration = registration(tokenUri);
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
		OAuth2AuthorizedClientService service = new InMemoryOAuth2AuthorizedClientService(registrations);
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = blockingManager(registrations,
				(simulated != null) ? SimulatedTime.blocking(service, simulated) : service, httpClient, clock);

		InMemoryReactiveClientRegistrationRepository reactiveRegistrations = new InMemoryReactiveClientRegistrationRepository(
				registration);
		ReactiveOAuth2AuthorizedClientService reactiveService = new InMemoryReactiveOAuth2AuthorizedClientService(
				reactiveRegistrations);
		WebClientReactiveClientCredentialsTokenResponseClient reactiveTokenClient = new WebClientReactiveClientCredentialsTokenResponseClient();
		reactiveTokenClient.setWebClient(WebClient.builder().clientConnector(JdkHttp.connector(httpClient)).build());
		AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager reactiveManager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(
				reactiveRegistrations,
				(simulated != null) ? SimulatedTime.reactive(reactiveService, simulated) : reactiveService);
		reactiveManager.setAuthorizedClientProvider(ReactiveOAuth2AuthorizedClientProviderBuilder.builder()
			.clientCredentials(
					(credentials) -> credentials.accessTokenResponseClient(reactiveTokenClient).clock(clock))
			.build());
		return new SpringSecurityFixture(manager, reactiveManager);
	}

	/**
	 * Return the stock {@code client_credentials} registration of the form token endpoint.
	 * @param tokenUri the form token endpoint
	 * @return the registration
	 */
	static ClientRegistration registration(URI tokenUri) {
		return ClientRegistration.withRegistrationId(REGISTRATION_ID)
			.clientId("bench-client")
			.clientSecret("bench-secret")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri(tokenUri.toString())
			.build();
	}

	/**
	 * Wire the stock blocking manager: the built-in client-credentials provider, its token client on the
	 * given JDK HTTP client, over the given authorized-client service.
	 * @param registrations the registrations
	 * @param service where authorized clients are kept
	 * @param httpClient the HTTP client of the token requests
	 * @param clock the clock of the provider
	 * @return the manager
	 */
	static AuthorizedClientServiceOAuth2AuthorizedClientManager blockingManager(
			ClientRegistrationRepository registrations, OAuth2AuthorizedClientService service, HttpClient httpClient,
			Clock clock) {
		RestClientClientCredentialsTokenResponseClient tokenClient = new RestClientClientCredentialsTokenResponseClient();
		tokenClient.setRestClient(RestClient.builder()
			.requestFactory(JdkHttp.requestFactory(httpClient))
			.configureMessageConverters((converters) -> {
				converters.addCustomConverter(new FormHttpMessageConverter());
				converters.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter());
			})
			.defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
			.build());
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, service);
		manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
			.clientCredentials((credentials) -> credentials.accessTokenResponseClient(tokenClient).clock(clock))
			.build());
		return manager;
	}

	/**
	 * Return the blocking manager.
	 * @return the manager
	 */
	public AuthorizedClientServiceOAuth2AuthorizedClientManager manager() {
		return this.manager;
	}

	/**
	 * Return the reactive manager.
	 * @return the manager
	 */
	public AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager reactiveManager() {
		return this.reactiveManager;
	}

	/**
	 * Return the authorize request for principal {@code app}, built once.
	 * @return the request
	 */
	public OAuth2AuthorizeRequest authorizeRequest() {
		return this.authorizeRequest;
	}

}
