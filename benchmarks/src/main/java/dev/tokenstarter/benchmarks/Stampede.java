package dev.tokenstarter.benchmarks;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;

import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;

/**
 * Many callers need a token at the same moment, when there is none yet ({@code phase=cold}) and when it
 * has just expired ({@code phase=expiry}, the shared clock moved past the token's expiry), while the
 * token endpoint takes {@value #LATENCY_MILLIS} ms to answer. token-starter sends one token request and
 * every caller waits for it; stock Spring Security has no single-flight, so about every caller sends its
 * own.
 *
 * @author token-starter
 */
final class Stampede {

	static final int CALLERS = 500;

	static final long LATENCY_MILLIS = 50;

	private static final int WARM_UP_CALLERS = 50;

	private static final Duration LIFETIME = Duration.ofHours(2);

	private Stampede() {
	}

	static void run(Consumer<ResultLine> out) {
		try (LoopbackServer server = LoopbackServer.start()) {
			server.setLatency(Duration.ofMillis(LATENCY_MILLIS));
			server.setExpiresIn(LIFETIME);
			List<Scenario> scenarios = List.of(
					new Scenario("token-starter", "blocking", LoopbackServer.JSON_TOKEN_PATH, Stampede::tokenStarter),
					new Scenario("spring-security", "blocking", LoopbackServer.FORM_TOKEN_PATH, Stampede::stock),
					new Scenario("token-starter", "reactive", LoopbackServer.JSON_TOKEN_PATH,
							Stampede::tokenStarterReactive),
					new Scenario("spring-security", "reactive", LoopbackServer.FORM_TOKEN_PATH,
							Stampede::stockReactive));
			for (Scenario scenario : scenarios) {
				scenario.run(server, WARM_UP_CALLERS, (line) -> {
				});
			}
			for (Scenario scenario : scenarios) {
				scenario.run(server, CALLERS, out);
			}
		}
	}

	private static LatchedCallers.Call tokenStarter(LoopbackServer server, MutableClock clock) {
		TokenLifecycle lifecycle = tokenStarterLifecycle(server, clock);
		return (completion) -> {
			lifecycle.token();
			completion.succeeded();
		};
	}

	private static LatchedCallers.Call tokenStarterReactive(LoopbackServer server, MutableClock clock) {
		TokenLifecycle lifecycle = tokenStarterLifecycle(server, clock);
		return (completion) -> lifecycle.tokenMono()
			.subscribe((token) -> completion.succeeded(), completion::failed, completion::succeeded);
	}

	private static TokenLifecycle tokenStarterLifecycle(LoopbackServer server, MutableClock clock) {
		return TokenStarterFixture
			.create(server.uri(LoopbackServer.JSON_TOKEN_PATH), LifecycleSpec.defaults(),
					TokenStarterFixture.expiresIn(), clock, JdkHttp.client())
			.lifecycle();
	}

	private static LatchedCallers.Call stock(LoopbackServer server, MutableClock clock) {
		SpringSecurityFixture stock = stockFixture(server, clock);
		OAuth2AuthorizedClientManager manager = stock.manager();
		OAuth2AuthorizeRequest request = stock.authorizeRequest();
		return (completion) -> {
			OAuth2AuthorizedClient client = manager.authorize(request);
			if (client == null) {
				throw new IllegalStateException("Spring Security authorized no client");
			}
			completion.succeeded();
		};
	}

	private static LatchedCallers.Call stockReactive(LoopbackServer server, MutableClock clock) {
		SpringSecurityFixture stock = stockFixture(server, clock);
		return (completion) -> stock.reactiveManager()
			.authorize(stock.authorizeRequest())
			.subscribe((client) -> completion.succeeded(), completion::failed,
					() -> completion.failed(new IllegalStateException("Spring Security authorized no client")));
	}

	private static SpringSecurityFixture stockFixture(LoopbackServer server, MutableClock clock) {
		HttpClient httpClient = JdkHttp.client();
		return SpringSecurityFixture.create(server.uri(LoopbackServer.FORM_TOKEN_PATH), httpClient, clock);
	}

	/**
	 * One implementation in one mode, set up afresh for each run on a clock of its own.
	 */
	private record Scenario(String impl, String mode, String tokenPath, Setup setup) {

		void run(LoopbackServer server, int callers, Consumer<ResultLine> out) {
			MutableClock clock = new MutableClock(Instant.now());
			LatchedCallers.Call call = this.setup.create(server, clock);
			phase(server, callers, "cold", call, out);
			clock.advance(LIFETIME.plusMinutes(1));
			phase(server, callers, "expiry", call, out);
		}

		private void phase(LoopbackServer server, int callers, String phase, LatchedCallers.Call call,
				Consumer<ResultLine> out) {
			long before = server.requests(this.tokenPath);
			LatchedCallers.Outcome outcome = LatchedCallers.run(callers, call);
			long requests = server.requests(this.tokenPath) - before;
			if (outcome.firstError() != null) {
				System.err.println("stampede " + this.impl + " " + this.mode + " " + phase + ": " + outcome.errors()
						+ " callers failed, first with " + outcome.firstError());
			}
			out.accept(ResultLine.of("stampede")
				.with("impl", this.impl)
				.with("mode", this.mode)
				.with("phase", phase)
				.with("callers", callers)
				.with("token_requests", requests)
				.with("p50_ms", outcome.percentileMillis(50), 1)
				.with("p99_ms", outcome.percentileMillis(99), 1)
				.with("max_ms", outcome.percentileMillis(100), 1)
				.with("wall_ms", outcome.wallMillis(), 1)
				.with("errors", outcome.errors()));
		}

	}

	@FunctionalInterface
	private interface Setup {

		LatchedCallers.Call create(LoopbackServer server, MutableClock clock);

	}

}
