package dev.tokenstarter.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.core.definition.BodyFormat;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.definition.TokenCredentials;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.definition.TokenResponseSpec;
import dev.tokenstarter.core.lifecycle.TokenClientState;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.store.RenewalLock;
import dev.tokenstarter.core.store.SharedStoreStatus;
import dev.tokenstarter.core.store.jdbc.JdbcRenewalLock;
import dev.tokenstarter.core.store.jdbc.JdbcTokenStoreSchema;
import dev.tokenstarter.core.test.BrokenEndpoint;
import dev.tokenstarter.core.test.ConcurrentTestHarness;
import dev.tokenstarter.core.test.ConcurrentTestHarness.Outcome;
import dev.tokenstarter.core.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TokenStarterClients}: how the clients it wires behave at the token endpoint boundary,
 * against real misbehaving endpoints on loopback, and what they log when it fails.
 *
 * @author token-starter
 */
class TokenStarterClientsTests {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * Time allowed beyond one read timeout before a caller must have failed; three attempts of a read
	 * timeout each take well over it.
	 */
	private static final Duration SLACK = Duration.ofMillis(2500);

	private static final int CALLERS = 20;

	private static final String HALF_A_BODY = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
			+ "Content-Length: 100\r\n\r\n{\"access_token\":\"at-";

	private static final String TOKEN_BODY = "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\","
			+ "\"expires_in\":3600}";

	private static final String TOKEN_RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
			+ "Content-Length: " + TOKEN_BODY.length() + "\r\n\r\n" + TOKEN_BODY;

	private BrokenEndpoint endpoint;

	private TokenStarterClients clients;

	@BeforeEach
	void startEndpoint() throws Exception {
		this.endpoint = BrokenEndpoint.start();
	}

	@AfterEach
	void stop() throws Exception {
		if (this.clients != null) {
			this.clients.close();
		}
		this.endpoint.close();
	}

	@Test
	void tokenMonoWhenEndpointStallsMidBodyThenFailsAndTheRenewalEnds() {
		this.endpoint.answer(HALF_A_BODY, BrokenEndpoint.Behaviour.STALL);
		TokenLifecycle lifecycle = clients().lifecycle("api");

		long started = System.nanoTime();
		StepVerifier.create(lifecycle.tokenMono())
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(TokenEndpointException.class)
				.hasMessageContaining("'api'"))
			.verify(Duration.ofSeconds(15));

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(READ_TIMEOUT.plus(SLACK));
		await().atMost(Duration.ofSeconds(15))
			.until(() -> lifecycle.state().status() == TokenClientState.Status.FAILING);
		assertThat(this.endpoint.requestCount()).isEqualTo(3);
	}

	@Test
	void tokenWhenEndpointNeverAnswersThenCallerFailsWithinAboutOneReadTimeout() {
		TokenLifecycle lifecycle = clients().lifecycle("api");

		long started = System.nanoTime();
		TokenEndpointException ex = catchThrowableOfType(TokenEndpointException.class, lifecycle::token);

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(READ_TIMEOUT.plus(SLACK));
		assertThat(ex).isNotNull();
		assertThat(ex.getMessage()).contains("'api'");
	}

	@Test
	void tokenMonoWhenEndpointNeverAnswersThenSubscriberFailsWithinAboutOneReadTimeout() {
		TokenLifecycle lifecycle = clients().lifecycle("api");

		long started = System.nanoTime();
		StepVerifier.create(lifecycle.tokenMono().map(OAuth2AccessToken::getTokenValue))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(TokenEndpointException.class)
				.hasMessageContaining("'api'"))
			.verify(Duration.ofSeconds(15));

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(READ_TIMEOUT.plus(SLACK));
	}

	@Test
	void restClientsWhenManyCallersFailTogetherThenOneWarningAndNoError() throws Exception {
		String tokenUri = refusingEndpoint();
		TokenStarterClients clients = clients(tokenUri, false);
		RestClient api = RestClient.builder().requestInterceptor(clients.interceptor("api")).build();
		String apiUri = refusingEndpoint();

		List<ILoggingEvent> logged = captureLogs(() -> {
			List<Outcome<String>> outcomes = ConcurrentTestHarness.run(CALLERS,
					(i) -> () -> api.get().uri(apiUri).retrieve().body(String.class));
			assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error())
				.isInstanceOf(TokenEndpointException.class)
				.hasMessageEndingWith("could not be reached: connection refused"));
			awaitRenewalFailed(clients.lifecycle("api"));
		});

		assertThat(warningsAndErrors(logged, tokenUri)).singleElement()
			.satisfies((event) -> assertThat(event.getFormattedMessage())
				.startsWith("Could not renew the token of client 'api': Token endpoint of client 'api'"));
	}

	@Test
	void webClientsWhenManyCallersFailTogetherThenOneWarningAndNoDroppedErrors() throws Exception {
		String tokenUri = refusingEndpoint();
		TokenStarterClients clients = clients(tokenUri, true);
		WebClient api = WebClient.builder().filter(new TokenStarterExchangeFilters(clients).filter("api")).build();
		String apiUri = refusingEndpoint();

		List<ILoggingEvent> logged = captureLogs(() -> {
			StepVerifier
				.create(Flux.range(0, CALLERS)
					.flatMap((i) -> api.get().uri(apiUri).retrieve().bodyToMono(String.class)))
				.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(TokenEndpointException.class)
					.hasMessageEndingWith("could not be reached: connection refused"))
				.verify(Duration.ofSeconds(15));
			awaitRenewalFailed(clients.lifecycle("api"));
		});

		assertThat(warningsAndErrors(logged, tokenUri)).singleElement()
			.satisfies((event) -> assertThat(event.getFormattedMessage())
				.startsWith("Could not renew the token of client 'api': Token endpoint of client 'api'"));
	}

	/**
	 * Wait for the renewal to have failed for good: callers may have given up before it did, after their
	 * acquire timeout, which names the failure of the last attempt as well.
	 */
	@Test
	void tokenWhenRenewalMayOutlastConfiguredLeaseThenLockHeldForLongestRenewal() {
		this.endpoint.answer(TOKEN_RESPONSE, BrokenEndpoint.Behaviour.KEEP_ALIVE);
		JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.H2.dataSource());
		String prefix = TestDatabase.uniquePrefix();
		JdbcRenewalLock jdbcLock = new JdbcRenewalLock(jdbc, prefix);
		jdbcLock.setSchema(new JdbcTokenStoreSchema(jdbc, prefix));
		List<Duration> leases = new CopyOnWriteArrayList<>();
		RenewalLock lock = new RenewalLock() {

			@Override
			public boolean tryAcquire(String registrationId, String owner, Duration lease) {
				leases.add(lease);
				return jdbcLock.tryAcquire(registrationId, owner, lease);
			}

			@Override
			public void release(String registrationId, String owner) {
				jdbcLock.release(registrationId, owner);
			}

		};
		try {
			this.clients = TokenStarterClients.withDefinitions(new TokenClientDefinitions(List.of(definition(
					this.endpoint.uri("/oauth/token")))))
				.endpointTimeouts("api", Duration.ofSeconds(5), Duration.ofSeconds(40))
				.renewalLock(lock, new SharedStoreStatus("jdbc", Duration.ofSeconds(10), Clock.systemUTC()),
						Duration.ofSeconds(30), Duration.ofSeconds(35))
				.build();
			assertThat(this.clients.lifecycle("api").token().getTokenValue()).isEqualTo("at-1");
			assertThat(leases).as("lease of a renewal that may take 5 s to connect and 40 s to answer")
				.containsExactly(Duration.ofSeconds(45));
		}
		finally {
			TestDatabase.dropTables(jdbc, prefix);
		}
	}

	private static void awaitRenewalFailed(TokenLifecycle lifecycle) {
		await().atMost(Duration.ofSeconds(15))
			.until(() -> lifecycle.state().status() == TokenClientState.Status.FAILING);
	}

	private static List<ILoggingEvent> captureLogs(Runnable action) {
		Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		root.addAppender(appender);
		try {
			action.run();
		}
		finally {
			root.detachAppender(appender);
		}
		return List.copyOf(appender.list);
	}

	/**
	 * Return the errors, and the warnings about the given endpoint: other tests' clients, whose renewals
	 * may still be failing in the background, warn about theirs.
	 */
	private static List<ILoggingEvent> warningsAndErrors(List<ILoggingEvent> events, String tokenUri) {
		return events.stream()
			.filter((event) -> event.getLevel().isGreaterOrEqual(Level.ERROR) || (event.getLevel() == Level.WARN
					&& event.getFormattedMessage().contains(tokenUri)))
			.toList();
	}

	private static String refusingEndpoint() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return "http://127.0.0.1:" + socket.getLocalPort() + "/oauth/token";
		}
	}

	private TokenStarterClients clients() {
		return clients(this.endpoint.uri("/oauth/token"), true);
	}

	private static TokenClientDefinition definition(String tokenUri) {
		TokenRequestSpec request = TokenRequestSpec.post(tokenUri)
			.withBody(BodyFormat.FORM, Map.of("grant_type", "client_credentials", "client_id", "{client-id}"));
		return TokenClientDefinition.withRegistrationId("api")
			.credentials(TokenCredentials.of(Map.of("client-id", "app")))
			.tokenEndpoint(new TokenEndpointSpec(request, TokenResponseSpec.oauth2()))
			.build();
	}

	private TokenStarterClients clients(String tokenUri, boolean reactive) {
		TokenClientDefinition definition = definition(tokenUri);
		this.clients = TokenStarterClients.withDefinitions(new TokenClientDefinitions(List.of(definition)))
			.endpointTimeouts("api", Duration.ofSeconds(1), READ_TIMEOUT)
			.reactive(reactive)
			.build();
		return this.clients;
	}

}
