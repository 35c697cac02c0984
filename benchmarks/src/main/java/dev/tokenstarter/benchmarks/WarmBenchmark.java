package dev.tokenstarter.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.lifecycle.TickingClock;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;

/**
 * The cost of obtaining a token that is already cached: {@link TokenLifecycle#token()} against stock
 * Spring Security's {@code manager.authorize(request)} with a request built once. Tokens live a day, so
 * no renewal happens while measuring; tear-down fails the run if one did. token-starter runs on the clock
 * its auto-configuration uses by default, {@link TickingClock}; stock reads the system clock on every
 * call. A third benchmark reads the system clock once, to show what that read alone costs. Not final:
 * JMH extends it.
 *
 * @author token-starter
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WarmBenchmark {

	private final Clock clock = TickingClock.systemUTC();

	private final Clock systemClock = Clock.systemUTC();

	private LoopbackServer server;

	private TokenLifecycle lifecycle;

	private OAuth2AuthorizedClientManager manager;

	private OAuth2AuthorizeRequest request;

	/**
	 * Start the token server and fill both caches.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.server = LoopbackServer.start();
		this.server.setExpiresIn(Duration.ofDays(1));
		this.lifecycle = TokenStarterFixture
			.create(this.server.uri(LoopbackServer.JSON_TOKEN_PATH), LifecycleSpec.defaults(),
					TokenStarterFixture.expiresIn(), this.clock, JdkHttp.client())
			.lifecycle();
		SpringSecurityFixture stock = SpringSecurityFixture.create(this.server.uri(LoopbackServer.FORM_TOKEN_PATH),
				JdkHttp.client());
		this.manager = stock.manager();
		this.request = stock.authorizeRequest();
		this.lifecycle.token();
		this.manager.authorize(this.request);
	}

	/**
	 * Stop the server, after checking that each side sent exactly one token request.
	 */
	@TearDown(Level.Trial)
	public void tearDown() {
		try {
			for (String path : new String[] { LoopbackServer.JSON_TOKEN_PATH, LoopbackServer.FORM_TOKEN_PATH }) {
				if (this.server.requests(path) != 1) {
					throw new IllegalStateException(
							path + " received " + this.server.requests(path) + " token requests, not 1");
				}
			}
		}
		finally {
			this.server.close();
		}
	}

	/**
	 * Obtain the cached token through token-starter.
	 * @return the token
	 */
	@Benchmark
	public OAuth2AccessToken tokenStarter() {
		return this.lifecycle.token();
	}

	/**
	 * Read the system clock once, as stock Spring Security does on every call to check expiry.
	 * @return the time
	 */
	@Benchmark
	public long clockRead() {
		return this.systemClock.millis();
	}

	/**
	 * Obtain the cached token through stock Spring Security.
	 * @return the authorized client holding the token
	 */
	@Benchmark
	public OAuth2AuthorizedClient springSecurity() {
		return this.manager.authorize(this.request);
	}

}
