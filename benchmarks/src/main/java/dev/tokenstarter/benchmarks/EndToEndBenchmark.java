package dev.tokenstarter.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
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

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.core.attach.TokenClientHttpRequestInterceptor;
import dev.tokenstarter.core.attach.TokenExchangeFilterFunction;
import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.lifecycle.TickingClock;

/**
 * A whole API call on loopback, with token-starter attaching the token against a bare client. To compare
 * token handling alone, both clients of a pair share one JDK HTTP client (and its connection pool), both
 * go through one interceptor or filter, and the bare one writes a fixed {@code Authorization} header of
 * the same length as the real one. Not final: JMH extends it.
 *
 * @author token-starter
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EndToEndBenchmark {

	private static final String STATIC_AUTHORIZATION = "Bearer " + "x".repeat(LoopbackServer.TOKEN_LENGTH);

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private LoopbackServer server;

	private URI api;

	private RestClient bareRestClient;

	private RestClient tokenStarterRestClient;

	private WebClient bareWebClient;

	private WebClient tokenStarterWebClient;

	/**
	 * Start the server, build the clients and fetch the token.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.server = LoopbackServer.start();
		this.server.setExpiresIn(Duration.ofDays(1));
		this.api = this.server.uri(LoopbackServer.API_PATH);
		TokenStarterFixture tokenStarter = TokenStarterFixture.create(
				this.server.uri(LoopbackServer.JSON_TOKEN_PATH), LifecycleSpec.defaults(),
				TokenStarterFixture.expiresIn(), TickingClock.systemUTC(), JdkHttp.client());
		tokenStarter.lifecycle().token();
		HttpClient apiHttpClient = JdkHttp.client();
		JdkClientHttpRequestFactory requestFactory = JdkHttp.requestFactory(apiHttpClient);
		ClientHttpRequestInterceptor staticHeader = (request, body, execution) -> {
			request.getHeaders().set(HttpHeaders.AUTHORIZATION, STATIC_AUTHORIZATION);
			return execution.execute(request, body);
		};
		this.bareRestClient = RestClient.builder().requestFactory(requestFactory).requestInterceptor(staticHeader).build();
		this.tokenStarterRestClient = RestClient.builder()
			.requestFactory(requestFactory)
			.requestInterceptor(
					new TokenClientHttpRequestInterceptor(tokenStarter.lifecycle(), tokenStarter.definition()))
			.build();
		JdkClientHttpConnector connector = JdkHttp.connector(apiHttpClient);
		ExchangeFilterFunction staticFilter = (request, next) -> next.exchange(ClientRequest.from(request)
			.headers((headers) -> headers.set(HttpHeaders.AUTHORIZATION, STATIC_AUTHORIZATION))
			.build());
		this.bareWebClient = WebClient.builder().clientConnector(connector).filter(staticFilter).build();
		this.tokenStarterWebClient = WebClient.builder()
			.clientConnector(connector)
			.filter(new TokenExchangeFilterFunction(tokenStarter.lifecycle(), tokenStarter.definition()))
			.build();
	}

	/**
	 * Stop the server.
	 */
	@TearDown(Level.Trial)
	public void tearDown() {
		this.server.close();
	}

	/**
	 * Call the API through a RestClient with a fixed header.
	 * @return the body
	 */
	@Benchmark
	public String restClientBare() {
		return this.bareRestClient.get().uri(this.api).retrieve().body(String.class);
	}

	/**
	 * Call the API through a RestClient with token-starter's interceptor.
	 * @return the body
	 */
	@Benchmark
	public String restClientTokenStarter() {
		return this.tokenStarterRestClient.get().uri(this.api).retrieve().body(String.class);
	}

	/**
	 * Call the API through a WebClient with a fixed header.
	 * @return the body
	 */
	@Benchmark
	public String webClientBare() {
		return this.bareWebClient.get().uri(this.api).retrieve().bodyToMono(String.class).block(TIMEOUT);
	}

	/**
	 * Call the API through a WebClient with token-starter's filter.
	 * @return the body
	 */
	@Benchmark
	public String webClientTokenStarter() {
		return this.tokenStarterWebClient.get().uri(this.api).retrieve().bodyToMono(String.class).block(TIMEOUT);
	}

}
