package dev.tokenstarter.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.core.lifecycle.TickingClock;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.test.BrokenEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The chaos suite: an application with a client whose token endpoint misbehaves in every way met in
 * practice, and an unrelated healthy client, wired by the auto-configuration, called through both the
 * RestClient and the WebClient it builds. Each misbehaviour ends in the documented
 * {@link TokenEndpointException} well within the client's acquire-timeout (whose read timeout is ten
 * times longer), no request reaches the API without a token, the healthy client keeps working
 * throughout, no thread dies and the clock keeps ticking.
 *
 * @author token-starter
 */
class HostileTokenEndpointsTests {

	private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(1);

	/**
	 * How long a caller may take at most: the acquire-timeout and a margin for a loaded machine, well
	 * under the read timeout of 10 s that the endpoint could hold a caller for without it.
	 */
	private static final Duration DEADLINE = ACQUIRE_TIMEOUT.plusSeconds(4);

	private static final String SECRET = "CHAOS-s3cret-7";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenStarterAutoConfiguration.class));

	private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

	private Thread.UncaughtExceptionHandler previousHandler;

	private LoopbackServer server;

	private BrokenEndpoint endpoint;

	private final AtomicInteger issued = new AtomicInteger();

	@BeforeEach
	void start() throws Exception {
		this.previousHandler = Thread.getDefaultUncaughtExceptionHandler();
		Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> this.uncaught.add(ex));
		this.server = LoopbackServer.start();
		this.server.on("/healthy/token", (request) -> new LoopbackServer.Reply(200, "application/json",
				"{\"access_token\":\"healthy-" + this.issued.incrementAndGet()
						+ "\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
		this.server.on("/api/items", (request) -> {
			String authorization = request.header("Authorization");
			boolean valid = authorization != null && authorization.startsWith("Bearer healthy-");
			return valid ? new LoopbackServer.Reply(200, "application/json", "{\"items\":[1,2]}")
					: new LoopbackServer.Reply(401, "application/json", "{\"error\":\"invalid_token\"}");
		});
		this.endpoint = BrokenEndpoint.start();
	}

	@AfterEach
	void stop() throws Exception {
		this.endpoint.close();
		this.server.close();
		Thread.setDefaultUncaughtExceptionHandler(this.previousHandler);
	}

	@ParameterizedTest
	@EnumSource
	void apiClientsWhenTokenEndpointMisbehavesThenDocumentedErrorWithinDeadlineAndHealthyClientUnharmed(
			Misbehaviour misbehaviour) {
		this.endpoint.answer(misbehaviour.answer, misbehaviour.behaviour);
		TickingClock clock = TickingClock.systemUTC();
		Thread ticker = clockThread("token-starter-clock");
		this.contextRunner.withPropertyValues(client("broken", this.endpoint.uri("/oauth/token")))
			.withPropertyValues("token-starter.clients.broken.acquire-timeout=" + ACQUIRE_TIMEOUT.toMillis() + "ms")
			.withPropertyValues(client("healthy", this.server.url("/healthy/token")))
			.run((context) -> {
				RestClient brokenRest = context.getBean("brokenRestClient", RestClient.class);
				WebClient brokenWeb = context.getBean("brokenWebClient", WebClient.class);
				RestClient healthyRest = context.getBean("healthyRestClient", RestClient.class);
				WebClient healthyWeb = context.getBean("healthyWebClient", WebClient.class);
				// Warm: the first token exchange of a JVM loads classes, which a loaded machine may take
				// seconds over; the healthy client keeps its default acquire-timeout.
				assertThat(healthyRest.get().uri("/api/items").retrieve().body(String.class)).isNotNull();
				HealthyCalls healthy = HealthyCalls.start(healthyRest, healthyWeb);
				try {
					long clockBefore = clock.millis();

					assertDocumentedFailure(misbehaviour, "RestClient",
							() -> brokenRest.get().uri("/broken/items").retrieve().body(String.class));
					assertDocumentedFailure(misbehaviour, "WebClient", () -> brokenWeb.get()
						.uri("/broken/items")
						.retrieve()
						.bodyToMono(String.class)
						.block(Duration.ofSeconds(30)));

					await().atMost(Duration.ofSeconds(5))
						.until(() -> clock.millis() >= clockBefore + 100);
					int before = healthy.successes.get();
					await().atMost(Duration.ofSeconds(10)).until(() -> healthy.successes.get() >= before + 2);
				}
				finally {
					healthy.stop();
				}
				assertThat(healthy.failures).as("healthy calls that failed").isEmpty();
				assertThat(healthy.successes.get()).as("healthy calls during the chaos").isGreaterThan(1);
				assertThat(healthyRest.get().uri("/api/items").retrieve().body(String.class))
					.isEqualTo("{\"items\":[1,2]}");
			});
		assertThat(this.server.requests("/broken/items")).as("API requests without a token").isEmpty();
		assertThat(this.uncaught).as("exceptions that killed a thread").isEmpty();
		assertThat(ticker.isAlive()).as("clock thread alive").isTrue();
		assertThat(clockThread("token-starter-clock")).as("the same clock thread").isSameAs(ticker);
	}

	private static void assertDocumentedFailure(Misbehaviour misbehaviour, String stack, Runnable call) {
		long started = System.nanoTime();
		Throwable failure = catchThrowable(call::run);
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(failure).as(stack).isInstanceOf(TokenEndpointException.class);
		TokenEndpointException ex = (TokenEndpointException) failure;
		assertThat(took).as("%s caller's wait", stack).isLessThan(DEADLINE);
		assertThat(ex.getError().getErrorCode()).as("%s error code", stack).isIn(misbehaviour.errorCodes);
		assertThat(ex.getMessage()).as(stack)
			.contains("'broken'")
			.contains(misbehaviour.saying)
			.doesNotContain(SECRET)
			.doesNotContain("X-Injected")
			.doesNotContain("\n");
	}

	private String[] client(String id, String tokenUri) {
		String p = "token-starter.clients." + id + ".";
		return new String[] { p + "grant=client-credentials", p + "client-id=chaos-" + id,
				p + "client-secret=" + SECRET, p + "base-url=" + this.server.baseUrl(), p + "token.uri=" + tokenUri,
				p + "token.body-format=form", p + "token.body.grant_type=client_credentials",
				p + "token.client-authentication=basic", p + "connect-timeout=2s", p + "read-timeout=10s" };
	}

	private static Thread clockThread(String name) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals(name) && thread.isAlive())
			.findFirst()
			.orElseThrow(() -> new AssertionError("no live thread " + name));
	}

	/**
	 * What a token endpoint does wrong, and how the failure reads.
	 */
	enum Misbehaviour {

		HANG("", BrokenEndpoint.Behaviour.STALL, "acquire-timeout of 1 s",
				TokenEndpointException.ACQUIRE_TIMEOUT),

		SLOW_DRIP("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n",
				BrokenEndpoint.Behaviour.DRIP, "acquire-timeout of 1 s", TokenEndpointException.ACQUIRE_TIMEOUT),

		ENDLESS_BODY("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
				BrokenEndpoint.Behaviour.ENDLESS, "over the max-response-size of 64 KB",
				TokenEndpointException.RESPONSE_TOO_LARGE),

		RESET_MID_BODY("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
				+ "{\"access_token\":\"at-", BrokenEndpoint.Behaviour.RESET, "connection reset",
				TokenEndpointException.UNREACHABLE, TokenEndpointException.ACQUIRE_TIMEOUT),

		HTML_ON_200(response(200, "text/html", "<html><body>Maintenance</body></html>"),
				BrokenEndpoint.Behaviour.CLOSE, "a text/html body, not JSON",
				TokenEndpointException.INVALID_TOKEN_RESPONSE),

		TRUNCATED_JSON(response(200, "application/json", "{\"access_token\":\"at-1\",\"expires_"),
				BrokenEndpoint.Behaviour.CLOSE, "malformed or truncated JSON",
				TokenEndpointException.INVALID_TOKEN_RESPONSE),

		TOO_MANY_REQUESTS_WITH_RETRY_AFTER(
				response(429, "application/json", "{\"error\":\"slow_down\"}").replace("\r\n\r\n",
						"\r\nRetry-After: 2\r\n\r\n"),
				BrokenEndpoint.Behaviour.CLOSE, "429", TokenEndpointException.ACQUIRE_TIMEOUT, "slow_down"),

		TOKEN_WITH_CR_LF(
				response(200, "application/json",
						"{\"access_token\":\"abc\\r\\nX-Injected: 1\",\"token_type\":\"Bearer\",\"expires_in\":3600}"),
				BrokenEndpoint.Behaviour.CLOSE, "U+000D", TokenEndpointException.INVALID_TOKEN_RESPONSE);

		final String answer;

		final BrokenEndpoint.Behaviour behaviour;

		final String saying;

		final Set<String> errorCodes;

		Misbehaviour(String answer, BrokenEndpoint.Behaviour behaviour, String saying, String... errorCodes) {
			this.answer = answer;
			this.behaviour = behaviour;
			this.saying = saying;
			this.errorCodes = Set.of(errorCodes);
		}

		private static String response(int status, String contentType, String body) {
			return "HTTP/1.1 " + status + " Whatever\r\nContent-Type: " + contentType + "\r\nContent-Length: "
					+ body.length() + "\r\nConnection: close\r\n\r\n" + body;
		}

	}

	/**
	 * Calls of the healthy client on both stacks, over and over on a thread of their own, while the broken
	 * client fails.
	 */
	private static final class HealthyCalls {

		final List<Throwable> failures = new CopyOnWriteArrayList<>();

		final AtomicInteger successes = new AtomicInteger();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Thread thread;

		private HealthyCalls(RestClient rest, WebClient web) {
			this.thread = new Thread(() -> {
				while (this.running.get()) {
					try {
						assertThat(rest.get().uri("/api/items").retrieve().body(String.class))
							.isEqualTo("{\"items\":[1,2]}");
						assertThat(web.get()
							.uri("/api/items")
							.retrieve()
							.bodyToMono(String.class)
							.block(Duration.ofSeconds(10))).isEqualTo("{\"items\":[1,2]}");
						this.successes.incrementAndGet();
						Thread.sleep(20);
					}
					catch (InterruptedException ex) {
						return;
					}
					catch (Throwable ex) {
						this.failures.add(ex);
					}
				}
			}, "healthy-caller");
		}

		static HealthyCalls start(RestClient rest, WebClient web) {
			HealthyCalls calls = new HealthyCalls(rest, web);
			calls.thread.start();
			return calls;
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.thread.join(Duration.ofSeconds(20).toMillis());
			assertThat(this.thread.isAlive()).as("healthy caller ended").isFalse();
		}

	}

}
