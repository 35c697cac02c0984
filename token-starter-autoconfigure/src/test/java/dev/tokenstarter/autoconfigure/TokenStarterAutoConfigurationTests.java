package dev.tokenstarter.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.autoconfigure.LoopbackServer.RecordedRequest;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.definition.TokenResponseSpec;
import dev.tokenstarter.core.lifecycle.InMemoryIssuanceBudget;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;
import dev.tokenstarter.core.lifecycle.TokenLifecycleListener;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.store.InMemoryTokenStore;
import dev.tokenstarter.core.store.TokenStore;
import dev.tokenstarter.core.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TokenStarterAutoConfiguration}.
 */
class TokenStarterAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String PASSWORD = "pa55-SECRET-word";

	private static final String CLIENT_SECRET = "make-SECRET-123";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenStarterAutoConfiguration.class));

	private LoopbackServer server;

	private final AtomicInteger issued = new AtomicInteger();

	@BeforeEach
	void startServer() throws Exception {
		this.server = LoopbackServer.start();
		this.server.onJson("/api/items", 200, "{\"items\":[1,2]}");
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void autoConfigurationWhenNoClientsThenContextStartsWithoutClientBeans() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(TokenClientDefinitions.class);
			assertThat(context.getBean(TokenClientDefinitions.class).all()).isEmpty();
			assertThat(context).getBean(TokenStore.class).isInstanceOf(InMemoryTokenStore.class);
			assertThat(context).getBean(IssuanceBudget.class).isInstanceOf(InMemoryIssuanceBudget.class);
			assertThat(context.getBean(TokenStarterClients.class).ids()).isEmpty();
			assertThat(context.getBean(TokenStarterExchangeFilters.class).ids()).isEmpty();
			assertThat(context).doesNotHaveBean(RestClient.class);
			assertThat(context).doesNotHaveBean(WebClient.class);
			assertThat(context).doesNotHaveBean(Clock.class);
		});
	}

	@Test
	void autoConfigurationWhenClientConfiguredThenDefinitionLifecycleAndApiClientBeans() {
		this.contextRunner.withPropertyValues(clientCredentials("tokens-make"))
			.withUserConfiguration(QualifiedConsumer.class)
			.run((context) -> {
				TokenClientDefinition definition = context.getBean(TokenClientDefinitions.class).find("tokens-make");
				assertThat(definition).isNotNull();
				assertThat(definition.getGrant()).isEqualTo(TokenGrant.CLIENT_CREDENTIALS);
				TokenStarterClients clients = context.getBean(TokenStarterClients.class);
				assertThat(clients.ids()).containsExactly("tokens-make");
				assertThat(clients.lifecycle("tokens-make").getRegistrationId()).isEqualTo("tokens-make");
				assertThat(clients.interceptor("tokens-make")).isNotNull();
				assertThat(context.getBean(TokenStarterExchangeFilters.class).filter("tokens-make")).isNotNull();
				assertThat(context).getBean("tokensMakeRestClient").isInstanceOf(RestClient.class);
				assertThat(context).getBean("tokensMakeWebClient").isInstanceOf(WebClient.class);
				QualifiedConsumer consumer = context.getBean(QualifiedConsumer.class);
				assertThat(consumer.restClient).isSameAs(context.getBean("tokensMakeRestClient"));
				assertThat(consumer.webClient).isSameAs(context.getBean("tokensMakeWebClient"));
			});
	}

	@Test
	void apiClientsWhenAcquireTimeoutSetThenCallerGivesUpAfterItWhileTheRequestGoesOn() {
		CountDownLatch answer = new CountDownLatch(1);
		this.server.on("/oauth/token", (request) -> {
			awaitQuietly(answer);
			return new LoopbackServer.Reply(200, "application/json", "{\"access_token\":\"make-1\"}");
		});
		this.contextRunner.withPropertyValues(clientCredentials("tokens-make"))
			.withPropertyValues("token-starter.clients.tokens-make.acquire-timeout=300ms")
			.run((context) -> {
				RestClient client = context.getBean("tokensMakeRestClient", RestClient.class);

				Throwable failure = catchThrowable(() -> client.get().uri("/api/items").retrieve().body(String.class));

				assertThat(failure).isInstanceOf(TokenEndpointException.class)
					.hasMessage("Client 'tokens-make' got no token within its acquire-timeout of 300 ms; its token "
							+ "request goes on in the background");
				answer.countDown();
				await().atMost(TIMEOUT)
					.until(() -> context.getBean(TokenStarterClients.class).lifecycle("tokens-make").currentClient(),
							Objects::nonNull);
				assertThat(client.get().uri("/api/items").retrieve().body(String.class)).isEqualTo("{\"items\":[1,2]}");
				assertThat(this.server.requests("/oauth/token")).hasSize(1);
			});
	}

	@Test
	void apiClientsWhenTokenResponseOverMaxResponseSizeThenFailsNamingTheLimit() {
		this.server.onJson("/oauth/token", 200,
				"{\"access_token\":\"make-1\",\"padding\":\"" + "x".repeat(2048) + "\"}");
		this.contextRunner.withPropertyValues(clientCredentials("tokens-make"))
			.withPropertyValues("token-starter.clients.tokens-make.max-response-size=1KB")
			.run((context) -> {
				RestClient client = context.getBean("tokensMakeRestClient", RestClient.class);

				Throwable failure = catchThrowable(() -> client.get().uri("/api/items").retrieve().body(String.class));

				assertThat(failure).isInstanceOf(TokenEndpointException.class)
					.hasMessageEndingWith("/oauth/token answered HTTP 200 with a body over the max-response-size of "
							+ "1 KB; it was not read further");
			});
	}

	@Test
	void apiClientsWhenJsonLoginThenTokenFetchedOnceAndAttached() {
		this.server.on("/auth/login", (request) -> new LoopbackServer.Reply(200, "application/json",
				"{\"code\":\"0000\",\"msg\":\"ok\",\"data\":{\"accessToken\":\"login-" + this.issued.incrementAndGet()
						+ "\",\"expiresIn\":3600}}"));
		this.contextRunner.withPropertyValues("token-starter.clients.memories.grant=login",
				"token-starter.clients.memories.username=alice@example.com",
				"token-starter.clients.memories.password=" + PASSWORD,
				"token-starter.clients.memories.parameters.app-id=app-42",
				"token-starter.clients.memories.base-url=" + this.server.baseUrl(),
				"token-starter.clients.memories.token.uri=" + this.server.url("/auth/login"),
				"token-starter.clients.memories.token.body.email={username}",
				"token-starter.clients.memories.token.body.password={password}",
				"token-starter.clients.memories.token.body.appId={app-id}",
				"token-starter.clients.memories.token.headers.X-App-Id={app-id}",
				"token-starter.clients.memories.token.response.access-token=/data/accessToken",
				"token-starter.clients.memories.token.response.expires=/data/expiresIn",
				"token-starter.clients.memories.token.response.success-pointer=/code",
				"token-starter.clients.memories.token.response.success-values[0]=0000")
			.run((context) -> {
				RestClient restClient = context.getBean("memoriesRestClient", RestClient.class);
				WebClient webClient = context.getBean("memoriesWebClient", WebClient.class);
				assertThat(restClient.get().uri("/api/items").retrieve().body(String.class)).contains("items");
				assertThat(restClient.get().uri("/api/items").retrieve().body(String.class)).contains("items");
				StepVerifier.create(webClient.get().uri("/api/items").retrieve().bodyToMono(String.class))
					.assertNext((body) -> assertThat(body).contains("items"))
					.expectComplete()
					.verify(TIMEOUT);
				List<RecordedRequest> tokenRequests = this.server.requests("/auth/login");
				assertThat(tokenRequests).hasSize(1);
				RecordedRequest tokenRequest = tokenRequests.get(0);
				assertThat(tokenRequest.method()).isEqualTo("POST");
				assertThat(tokenRequest.query()).isNull();
				assertThat(tokenRequest.header("Content-Type")).isEqualTo("application/json");
				assertThat(tokenRequest.header("Accept")).isEqualTo("application/json");
				assertThat(tokenRequest.header("X-App-Id")).isEqualTo("app-42");
				assertThat(tokenRequest.header("Authorization")).isNull();
				assertThat(JsonMapper.shared().readValue(tokenRequest.body(), LinkedHashMap.class))
					.containsExactly(Map.entry("email", "alice@example.com"), Map.entry("password", PASSWORD),
							Map.entry("appId", "app-42"));
				List<RecordedRequest> apiRequests = this.server.requests("/api/items");
				assertThat(apiRequests).hasSize(3)
					.allSatisfy((request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer login-1"));
			});
	}

	@Test
	void apiClientsWhenBasicClientCredentialsWithQueryScopeThenTokenFetchedOnceAndAttached() {
		this.server.on("/oauth/token", (request) -> new LoopbackServer.Reply(200, "application/json",
				"{\"access_token\":\"make-" + this.issued.incrementAndGet()
						+ "\",\"token_type\":\"bearer\",\"expires_in\":3600}"));
		this.contextRunner.withPropertyValues(clientCredentials("tokens-make"))
			.withPropertyValues("token-starter.clients.tokens-make.attach.header=X-Auth-Token",
					"token-starter.clients.tokens-make.attach.scheme=none")
			.run((context) -> {
				RestClient restClient = context.getBean("tokensMakeRestClient", RestClient.class);
				WebClient webClient = context.getBean("tokensMakeWebClient", WebClient.class);
				StepVerifier.create(webClient.get().uri("/api/items").retrieve().bodyToMono(String.class))
					.assertNext((body) -> assertThat(body).contains("items"))
					.expectComplete()
					.verify(TIMEOUT);
				assertThat(restClient.get().uri("/api/items").retrieve().body(String.class)).contains("items");
				List<RecordedRequest> tokenRequests = this.server.requests("/oauth/token");
				assertThat(tokenRequests).hasSize(1);
				RecordedRequest tokenRequest = tokenRequests.get(0);
				assertThat(tokenRequest.method()).isEqualTo("POST");
				assertThat(tokenRequest.query()).isEqualTo("scope=edit");
				assertThat(tokenRequest.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
					.encodeToString(("make-client:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
				assertThat(tokenRequest.header("Content-Type"))
					.isEqualTo("application/x-www-form-urlencoded;charset=UTF-8");
				assertThat(tokenRequest.body()).isEqualTo("grant_type=client_credentials");
				assertThat(this.server.requests("/api/items")).hasSize(2).allSatisfy((request) -> {
					assertThat(request.header("X-Auth-Token")).isEqualTo("make-1");
					assertThat(request.header("Authorization")).isNull();
				});
			});
	}

	@Test
	void backgroundRenewalWhenTokenDueThenRunsOnRenewalThreadsThatStopWithContext() throws Exception {
		MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
		this.server.on("/oauth/token", (request) -> new LoopbackServer.Reply(200, "application/json",
				"{\"access_token\":\"make-" + this.issued.incrementAndGet() + "\",\"expires_in\":100}"));
		this.contextRunner.withPropertyValues(clientCredentials("tokens-make"))
			.withPropertyValues("token-starter.clients.tokens-make.lifecycle.refresh-ahead-ratio=0.5")
			.withBean(Clock.class, () -> clock)
			.run((context) -> {
				RestClient restClient = context.getBean("tokensMakeRestClient", RestClient.class);
				TokenLifecycle lifecycle = context.getBean(TokenStarterClients.class).lifecycle("tokens-make");
				restClient.get().uri("/api/items").retrieve().toBodilessEntity();
				clock.advance(Duration.ofSeconds(60));
				restClient.get().uri("/api/items").retrieve().toBodilessEntity();
				await().atMost(TIMEOUT)
					.until(() -> "make-2".equals(lifecycle.currentClient().getAccessToken().getTokenValue()));
				restClient.get().uri("/api/items").retrieve().toBodilessEntity();
				assertThat(this.server.requests("/api/items")).extracting((request) -> request.header("Authorization"))
					.containsExactly("Bearer make-1", "Bearer make-1", "Bearer make-2");
				List<Thread> renewalThreads = Thread.getAllStackTraces()
					.keySet()
					.stream()
					.filter((thread) -> thread.getName().startsWith("token-starter-renewal-") && thread.isAlive())
					.toList();
				assertThat(renewalThreads).isNotEmpty().allSatisfy((thread) -> assertThat(thread.isDaemon()).isTrue());
				context.close();
				for (Thread thread : renewalThreads) {
					thread.join(TIMEOUT.toMillis());
					assertThat(thread.isAlive()).as("%s stopped after close", thread.getName()).isFalse();
				}
			});
	}

	@Test
	void apiClientsWhenApplicationHasRestClientBuilderThenStartsFromIt() {
		this.server.onJson("/oauth/token", 200, "{\"access_token\":\"make-1\",\"expires_in\":3600}");
		this.contextRunner.withPropertyValues(clientCredentials("tokens-make"))
			.withUserConfiguration(BuilderConfiguration.class)
			.run((context) -> {
				RestClient restClient = context.getBean("tokensMakeRestClient", RestClient.class);
				restClient.get().uri("/api/items").retrieve().toBodilessEntity();
				RecordedRequest apiRequest = this.server.requests("/api/items").get(0);
				assertThat(apiRequest.header("X-From-Builder")).isEqualTo("yes");
				assertThat(apiRequest.header("Authorization")).isEqualTo("Bearer make-1");
				assertThat(this.server.requests("/oauth/token").get(0).header("X-From-Builder")).isNull();
			});
	}

	@Test
	void apiClientsWhenBootBuilderAutoConfigurationsThenTheirCustomizersApply() {
		this.server.onJson("/oauth/token", 200, "{\"access_token\":\"make-1\",\"expires_in\":3600}");
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(RestClientAutoConfiguration.class, WebClientAutoConfiguration.class))
			.withPropertyValues(clientCredentials("tokens-make"))
			.withBean(RestClientCustomizer.class,
					() -> (builder) -> builder.defaultHeader("X-Customized", "rest-client"))
			.withBean(WebClientCustomizer.class, () -> (builder) -> builder.defaultHeader("X-Customized", "web-client"))
			.run((context) -> {
				context.getBean("tokensMakeRestClient", RestClient.class)
					.get()
					.uri("/api/items")
					.retrieve()
					.toBodilessEntity();
				StepVerifier
					.create(context.getBean("tokensMakeWebClient", WebClient.class)
						.get()
						.uri("/api/items")
						.retrieve()
						.toBodilessEntity())
					.expectNextCount(1)
					.expectComplete()
					.verify(TIMEOUT);
				assertThat(this.server.requests("/api/items")).extracting((request) -> request.header("X-Customized"))
					.containsExactly("rest-client", "web-client");
				assertThat(this.server.requests("/api/items"))
					.allSatisfy((request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer make-1"));
			});
	}

	@Test
	void autoConfigurationWhenUserDefinesBeansThenUserBeansWin() {
		this.contextRunner.withPropertyValues(clientCredentials("memories"))
			.withUserConfiguration(UserBeansConfiguration.class)
			.run((context) -> {
				assertThat(context).getBean(TokenStore.class).isSameAs(UserBeansConfiguration.TOKEN_STORE);
				assertThat(context).getBean(TokenClientDefinitions.class)
					.isSameAs(UserBeansConfiguration.DEFINITIONS);
				assertThat(context).getBean("memoriesRestClient").isSameAs(UserBeansConfiguration.REST_CLIENT);
				assertThat(context).getBean("memoriesWebClient").isInstanceOf(WebClient.class);
				assertThat(context.getBean(TokenStarterClients.class).definition("memories"))
					.isSameAs(UserBeansConfiguration.DEFINITIONS.find("memories"));
			});
	}

	@Test
	void autoConfigurationWhenWebFluxMissingThenRestClientOnly() {
		this.server.onJson("/oauth/token", 200, "{\"access_token\":\"make-1\",\"expires_in\":3600}");
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.withPropertyValues(clientCredentials("tokens-make"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("tokensMakeWebClient");
				assertThat(context).doesNotHaveBean(TokenStarterExchangeFilters.class);
				RestClient restClient = context.getBean("tokensMakeRestClient", RestClient.class);
				assertThat(restClient.get().uri("/api/items").retrieve().body(String.class)).contains("items");
				assertThat(this.server.requests("/api/items").get(0).header("Authorization"))
					.isEqualTo("Bearer make-1");
			});
	}

	@Test
	void autoConfigurationWhenDisabledThenNoBeans() {
		this.contextRunner.withPropertyValues("token-starter.enabled=false")
			.withPropertyValues(clientCredentials("memories"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(TokenStarterClients.class);
				assertThat(context).doesNotHaveBean(TokenClientDefinitions.class);
				assertThat(context).doesNotHaveBean(TokenStore.class);
				assertThat(context).doesNotHaveBean("memoriesRestClient");
			});
	}

	@Test
	void autoConfigurationWhenServletWebApplicationThenNoWebSecurity() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(TokenStarterAutoConfiguration.class))
			.withPropertyValues(clientCredentials("memories"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasBean("memoriesRestClient");
				assertThat(context).doesNotHaveBean(SecurityFilterChain.class);
				assertThat(context).doesNotHaveBean("springSecurityFilterChain");
				assertThat(context).doesNotHaveBean(ClientRegistrationRepository.class);
				assertThat(context).doesNotHaveBean(OAuth2AuthorizedClientManager.class);
			});
	}

	@Test
	void autoConfigurationWhenBootOAuth2ClientRegistrationsThenBothWork() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(OAuth2ClientAutoConfiguration.class))
			.withPropertyValues(clientCredentials("memories"))
			.withPropertyValues("spring.security.oauth2.client.registration.github.client-id=gh-client",
					"spring.security.oauth2.client.registration.github.client-secret=gh-secret")
			.run((context) -> {
				ClientRegistrationRepository repository = context.getBean(ClientRegistrationRepository.class);
				assertThat(repository.findByRegistrationId("github")).isNotNull();
				assertThat(repository.findByRegistrationId("memories")).isNull();
				assertThat(context.getBean(TokenStarterClients.class).ids()).containsExactly("memories");
			});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidConfigurations")
	void autoConfigurationWhenClientConfigurationInvalidThenStartupFailureNamesClientAndKey(String expectedMessage,
			String[] properties) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			Throwable root = context.getStartupFailure();
			while (root.getCause() != null) {
				assertThat(root.getMessage()).doesNotContain(PASSWORD, CLIENT_SECRET);
				root = root.getCause();
			}
			assertThat(root).isInstanceOf(InvalidTokenClientConfigurationException.class)
				.hasMessageStartingWith("Token client 'memories': ")
				.hasMessageContaining(expectedMessage)
				.hasMessageNotContainingAny(PASSWORD, CLIENT_SECRET);
			assertThat(((InvalidTokenClientConfigurationException) root).getAction()).doesNotContain(PASSWORD,
					CLIENT_SECRET);
		});
	}

	static Stream<Arguments> invalidConfigurations() {
		String p = "token-starter.clients.memories.";
		return Stream.of(
				Arguments.of("token-starter.clients.memories.token.uri must not be empty.",
						withSecrets(p + "grant=login")),
				Arguments.of("token-starter.clients.memories.token.response.access-token '/data/accessToken~' "
						+ "is not a valid JSON Pointer.",
						withSecrets(p + "token.uri=https://api.example.com/login",
								p + "token.response.access-token=/data/accessToken~")),
				Arguments.of("token-starter.clients.memories.token.response.expires-kind 'fortnight' is not one of "
						+ "seconds, epoch-seconds, epoch-millis, iso-instant, jwt-exp, lifetime.",
						withSecrets(p + "token.uri=https://api.example.com/login",
								p + "token.response.expires-kind=fortnight")),
				Arguments.of("token-starter.clients.memories.grant 'password' is not one of login, "
						+ "client-credentials, code, self-signed-jwt.",
						withSecrets(p + "grant=password", p + "token.uri=https://api.example.com/login")),
				Arguments.of("token-starter.clients.memories.token.body.app_id refers to {app-id}, which is not set.",
						withSecrets(p + "token.uri=https://api.example.com/login", p + "token.body.app_id={app-id}")),
				Arguments.of("token-starter.clients.memories.token.body must be empty when body-format is none.",
						withSecrets(p + "token.uri=https://api.example.com/login", p + "token.body-format=none",
								p + "token.body.password={password}")));
	}

	private static String[] withSecrets(String... properties) {
		return Stream.concat(Stream.of("token-starter.clients.memories.username=alice",
				"token-starter.clients.memories.password=" + PASSWORD,
				"token-starter.clients.memories.client-id=memories-client",
				"token-starter.clients.memories.client-secret=" + CLIENT_SECRET), Stream.of(properties))
			.toArray(String[]::new);
	}

	@Test
	void tokenStarterClientsWhenListenerBeansThenEachLifecycleReportsToThem() {
		this.server.onJson("/oauth/token", 200, "{\"access_token\":\"make-1\",\"expires_in\":3600}");
		List<String> events = new CopyOnWriteArrayList<>();
		this.contextRunner.withPropertyValues(clientCredentials("tokens-make"))
			.withBean("first", TokenLifecycleListener.class, () -> new TokenLifecycleListener() {

				@Override
				public void renewalStarted(String registrationId, RenewalReason reason) {
					events.add("first " + registrationId + " " + reason);
				}

			})
			.withBean("second", TokenLifecycleListener.class, () -> new TokenLifecycleListener() {

				@Override
				public void renewalStarted(String registrationId, RenewalReason reason) {
					events.add("second " + registrationId + " " + reason);
				}

			})
			.run((context) -> {
				RestClient restClient = context.getBean("tokensMakeRestClient", RestClient.class);
				restClient.get().uri("/api/items").retrieve().toBodilessEntity();
				assertThat(events).containsExactlyInAnyOrder("first tokens-make INITIAL",
						"second tokens-make INITIAL");
			});
	}

	@Test
	void tokenStarterClientsWhenObservationRegistryBeanThenBlockingAndReactiveTokenRequestsObserved() {
		this.server.onJson("/oauth/token", 200, "{\"access_token\":\"make-1\",\"expires_in\":3600}");
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.contextRunner.withPropertyValues(clientCredentials("tokens-make"))
			.withBean(ObservationRegistry.class, () -> registry)
			.run((context) -> {
				RestClient restClient = context.getBean("tokensMakeRestClient", RestClient.class);
				restClient.get().uri("/api/items").retrieve().toBodilessEntity();
				assertThat(registry).hasNumberOfObservationsWithNameEqualTo("token-starter.token.request", 1)
					.hasObservationWithNameEqualTo("token-starter.token.request")
					.that()
					.hasLowCardinalityKeyValue("client", "tokens-make")
					.hasLowCardinalityKeyValue("endpoint", "token")
					.hasLowCardinalityKeyValue("outcome", "success");
				registry.clear();
				TokenLifecycle lifecycle = context.getBean(TokenStarterClients.class).lifecycle("tokens-make");
				lifecycle.invalidate("make-1");
				StepVerifier.create(lifecycle.tokenMono()).expectNextCount(1).expectComplete().verify(TIMEOUT);
				assertThat(registry).hasNumberOfObservationsWithNameEqualTo("token-starter.token.request", 1);
			});
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private String[] clientCredentials(String id) {
		String p = "token-starter.clients." + id + ".";
		return new String[] { p + "grant=client-credentials", p + "client-id=make-client",
				p + "client-secret=" + CLIENT_SECRET, p + "base-url=" + this.server.baseUrl(),
				p + "token.uri=" + this.server.url("/oauth/token"), p + "token.body-format=form",
				p + "token.body.grant_type=client_credentials", p + "token.query.scope=edit",
				p + "token.client-authentication=basic" };
	}

	static class QualifiedConsumer {

		final RestClient restClient;

		final WebClient webClient;

		QualifiedConsumer(@Qualifier("tokens-make") RestClient restClient,
				@Qualifier("tokens-make") WebClient webClient) {
			this.restClient = restClient;
			this.webClient = webClient;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BuilderConfiguration {

		@Bean
		RestClient.Builder restClientBuilder() {
			return RestClient.builder().defaultHeader("X-From-Builder", "yes");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeansConfiguration {

		static final TokenStore TOKEN_STORE = new InMemoryTokenStore();

		static final TokenClientDefinitions DEFINITIONS = new TokenClientDefinitions(
				List.of(TokenClientDefinition.withRegistrationId("memories")
					.tokenEndpoint(new TokenEndpointSpec(TokenRequestSpec.post("https://api.example.com/login"),
							TokenResponseSpec.oauth2()))
					.build()));

		static final RestClient REST_CLIENT = RestClient.create();

		@Bean
		TokenStore userTokenStore() {
			return TOKEN_STORE;
		}

		@Bean
		TokenClientDefinitions userDefinitions() {
			return DEFINITIONS;
		}

		@Bean
		RestClient memoriesRestClient() {
			return REST_CLIENT;
		}

	}

}
