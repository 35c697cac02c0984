package dev.tokenstarter.autoconfigure.callback;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.reactive.context.AnnotationConfigReactiveWebServerApplicationContext;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.autoconfigure.TokenClientDefinitionMapper;
import dev.tokenstarter.autoconfigure.TokenStarterAutoConfiguration;
import dev.tokenstarter.autoconfigure.TokenStarterProperties;
import dev.tokenstarter.core.callback.PendingCallbacks;
import dev.tokenstarter.core.lifecycle.Delayer;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.store.StoredToken;
import dev.tokenstarter.core.store.TokenStore;
import dev.tokenstarter.samples.emulator.CallbackAttempt;
import dev.tokenstarter.samples.emulator.CallbackMode;
import dev.tokenstarter.samples.emulator.Credentials;
import dev.tokenstarter.samples.emulator.EmulatorSettings;
import dev.tokenstarter.samples.emulator.ProviderEmulator;
import dev.tokenstarter.samples.emulator.Providers;
import dev.tokenstarter.samples.emulator.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of tokens delivered by callback: an application on a real Tomcat whose
 * {@code memories} client is configured from properties alone calls the emulated Memories.ai API
 * through its RestClient (or WebClient) bean; the emulator answers the token request at once and posts
 * the tokens to the application's callback endpoint from another thread.
 */
class TokenCallbackEndToEndTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String VIDEOS = "/api/v1/videos";

	private ProviderEmulator emulator;

	private int port;

	@BeforeEach
	void start() throws IOException {
		this.emulator = ProviderEmulator.start(EmulatorSettings.defaults());
		this.port = freePort();
	}

	@AfterEach
	void stop() {
		this.emulator.close();
	}

	@Test
	void restClientWhenTokenDeliveredByCallbackThenApiCalledWithDeliveredToken() {
		servletApplication().run((context) -> {
			RestClient memories = context.getBean("memoriesRestClient", RestClient.class);

			ResponseEntity<String> response = memories.get().uri(VIDEOS).retrieve().toEntity(String.class);

			assertThat(response.getStatusCode().value()).isEqualTo(200);
			RecordedRequest tokenRequest = this.emulator.tokenRequests(Providers.MEMORIES).get(0);
			JsonNode body = JsonMapper.shared().readTree(tokenRequest.body());
			assertThat(body.get("clientId").asString()).isEqualTo(Credentials.MEMORIES_CLIENT_ID);
			assertThat(body.get("callbackUri").asString())
				.matches("http://127\\.0\\.0\\.1:" + this.port + "/token-starter/callback/memories\\?state=[\\w-]{22}");
			assertThat(this.emulator.awaitCallbackAttempts(Providers.MEMORIES, 1, TIMEOUT))
				.extracting(CallbackAttempt::status)
				.containsExactly(204);
			String token = storedToken(context.getBean(TokenStore.class));
			assertThat(this.emulator.apiRequests(Providers.MEMORIES)).singleElement()
				.satisfies((request) -> assertThat(request.header("Authorization")).isEqualTo(token));
			assertThat(this.emulator.issuedTokens(Providers.MEMORIES)).isEqualTo(1);
		});
	}

	@Test
	void restClientWhenDeliveryReplayedThen409AndTokenUnchanged() {
		this.emulator.callbackMode(CallbackMode.TWICE);
		servletApplication().run((context) -> {
			RestClient memories = context.getBean("memoriesRestClient", RestClient.class);

			memories.get().uri(VIDEOS).retrieve().toBodilessEntity();
			List<CallbackAttempt> attempts = this.emulator.awaitCallbackAttempts(Providers.MEMORIES, 2, TIMEOUT);
			memories.get().uri(VIDEOS).retrieve().toBodilessEntity();

			assertThat(attempts).extracting(CallbackAttempt::status).containsExactly(204, 409);
			String token = storedToken(context.getBean(TokenStore.class));
			assertThat(this.emulator.apiRequests(Providers.MEMORIES)).hasSize(2)
				.allSatisfy((request) -> assertThat(request.header("Authorization")).isEqualTo(token));
			assertThat(this.emulator.tokenRequestCount(Providers.MEMORIES)).isEqualTo(1);
		});
	}

	@Test
	void restClientWhenDeliveryToWrongStateThen404AndFetchTimesOutWithErrorNamingClient() {
		this.emulator.callbackMode(CallbackMode.WRONG_STATE);
		servletApplication().withUserConfiguration(ManualTimeouts.class).run((context) -> {
			RestClient memories = context.getBean("memoriesRestClient", RestClient.class);
			ManualTimeouts timeouts = context.getBean(ManualTimeouts.class);

			CompletableFuture<?> call = CompletableFuture
				.runAsync(() -> memories.get().uri(VIDEOS).retrieve().toBodilessEntity());
			assertThat(this.emulator.awaitCallbackAttempts(Providers.MEMORIES, 1, TIMEOUT))
				.extracting(CallbackAttempt::status)
				.containsExactly(404);
			timeouts.runNext();

			assertThat(failure(call)).hasMessage(
					"Token endpoint of client 'memories' delivered no token to the callback within 30 s");
			assertThat(context.getBean(TokenStore.class).load("memories", "token-starter")).isNull();
			assertThat(this.emulator.apiRequests(Providers.MEMORIES)).isEmpty();
		});
	}

	@Test
	void restClientWhenDeliveryComesAfterTimeoutThen410AndNothingStored() {
		this.emulator.callbackMode(CallbackMode.HOLD);
		servletApplication().withUserConfiguration(ManualTimeouts.class).run((context) -> {
			RestClient memories = context.getBean("memoriesRestClient", RestClient.class);
			ManualTimeouts timeouts = context.getBean(ManualTimeouts.class);
			TokenStore store = context.getBean(TokenStore.class);

			CompletableFuture<?> call = CompletableFuture
				.runAsync(() -> memories.get().uri(VIDEOS).retrieve().toBodilessEntity());
			timeouts.runNext();
			assertThat(failure(call).getError().getErrorCode()).isEqualTo(PendingCallbacks.CALLBACK_TIMEOUT);
			this.emulator.releaseCallbacks();

			assertThat(this.emulator.awaitCallbackAttempts(Providers.MEMORIES, 1, TIMEOUT))
				.extracting(CallbackAttempt::status)
				.containsExactly(410);
			assertThat(store.load("memories", "token-starter")).isNull();
			this.emulator.callbackMode(CallbackMode.ONCE);
			assertThat(memories.get().uri(VIDEOS).retrieve().toBodilessEntity().getStatusCode().value())
				.isEqualTo(200);
			assertThat(this.emulator.tokenRequestCount(Providers.MEMORIES)).isEqualTo(2);
			assertThat(this.emulator.apiRequests(Providers.MEMORIES)).singleElement()
				.satisfies((request) -> assertThat(request.header("Authorization")).isEqualTo(storedToken(store)));
		});
	}

	@Test
	void webClientWhenTokenDeliveredByCallbackInReactiveApplicationThenApiCalledWithDeliveredToken() {
		new ReactiveWebApplicationContextRunner(AnnotationConfigReactiveWebServerApplicationContext::new)
			.withConfiguration(AutoConfigurations.of(TomcatReactiveWebServerAutoConfiguration.class,
					HttpHandlerAutoConfiguration.class, WebFluxAutoConfiguration.class,
					TokenStarterAutoConfiguration.class, TokenCallbackWebFluxAutoConfiguration.class))
			.withPropertyValues(memoriesProperties())
			.run((context) -> {
				WebClient memories = context.getBean("memoriesWebClient", WebClient.class);

				StepVerifier.create(memories.get().uri(VIDEOS).retrieve().toBodilessEntity())
					.assertNext((response) -> assertThat(response.getStatusCode().value()).isEqualTo(200))
					.expectComplete()
					.verify(TIMEOUT);

				assertThat(this.emulator.awaitCallbackAttempts(Providers.MEMORIES, 1, TIMEOUT))
					.extracting(CallbackAttempt::status)
					.containsExactly(204);
				String token = storedToken(context.getBean(TokenStore.class));
				assertThat(this.emulator.apiRequests(Providers.MEMORIES)).singleElement()
					.satisfies((request) -> assertThat(request.header("Authorization")).isEqualTo(token));
			});
	}

	private WebApplicationContextRunner servletApplication() {
		return new WebApplicationContextRunner(AnnotationConfigServletWebServerApplicationContext::new)
			.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
					DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
					TokenStarterAutoConfiguration.class, TokenCallbackWebMvcAutoConfiguration.class))
			.withPropertyValues(memoriesProperties());
	}

	/**
	 * The memories client of the demo application, with the tokens delivered by callback as the seed 000
	 * documentation says. Retries and the quiet period after a failure are off, so that each call makes
	 * one token request.
	 */
	private String[] memoriesProperties() {
		String api = this.emulator.baseUrl() + "/memories";
		String client = "token-starter.clients.memories.";
		return new String[] { "server.port=" + this.port,
				"token-starter.callback.base-url=http://127.0.0.1:" + this.port, client + "grant=code",
				client + "client-id=" + Credentials.MEMORIES_CLIENT_ID, client + "code=" + Credentials.MEMORIES_CODE,
				client + "base-url=" + api, client + "token.uri=" + api + "/auth/api/token/getAccessToken",
				client + "token.delivery=callback", client + "token.body.clientId={client-id}",
				client + "token.body.code={code}", client + "token.body.callbackUri={callback-uri}",
				client + "token.response.access-token=/data/accessToken",
				client + "token.response.refresh-token=/data/refreshToken",
				client + "token.response.token-type=/data/type", client + "token.response.expires=/data/expiresIn",
				client + "token.response.refresh-expires=/data/refreshExpiresIn",
				client + "token.response.success-pointer=/code", client + "token.response.success-values[0]=0000",
				client + "token.response.error-code[0]=/code", client + "token.response.error-message[0]=/msg",
				client + "attach.scheme=none", client + "lifecycle.retry.max-attempts=1",
				client + "lifecycle.retry.initial-backoff=0s", client + "lifecycle.retry.max-backoff=0s" };
	}

	private static String storedToken(TokenStore store) {
		StoredToken stored = store.load("memories", "token-starter");
		assertThat(stored).as("stored token").isNotNull();
		return stored.accessToken().getTokenValue();
	}

	private static TokenEndpointException failure(CompletableFuture<?> call) throws Exception {
		try {
			call.get(10, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
				if (cause instanceof TokenEndpointException failure) {
					return failure;
				}
			}
			throw new AssertionError("No TokenEndpointException in the failure", ex);
		}
		throw new AssertionError("The API call succeeded");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * The application's PendingCallbacks, built as the auto-configuration does but with time-outs that
	 * the test runs instead of waiting for them.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ManualTimeouts {

		private final BlockingQueue<Runnable> timeouts = new LinkedBlockingQueue<>();

		@Bean
		PendingCallbacks tokenStarterPendingCallbacks(TokenStarterProperties properties) {
			String callbackUri = new TokenClientDefinitionMapper().callbackUri(properties);
			PendingCallbacks callbacks = new PendingCallbacks(callbackUri);
			callbacks.setDelayer(delayer());
			return callbacks;
		}

		private Delayer delayer() {
			return (delay, task) -> {
				assertThat(delay).isEqualTo(Duration.ofSeconds(30));
				this.timeouts.add(task);
			};
		}

		/**
		 * Run the time-out of the next pending callback, as if 30 seconds had passed.
		 */
		void runNext() throws InterruptedException {
			Runnable timeout = this.timeouts.poll(10, TimeUnit.SECONDS);
			assertThat(timeout).as("a pending callback within 10 seconds").isNotNull();
			timeout.run();
		}

	}

}
