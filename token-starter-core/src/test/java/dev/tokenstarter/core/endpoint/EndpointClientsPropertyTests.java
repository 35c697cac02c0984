package dev.tokenstarter.core.endpoint;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.response.TokenResponse;
import dev.tokenstarter.core.response.TokenResponseMapper;
import dev.tokenstarter.core.test.RandomInputs;

import static dev.tokenstarter.core.endpoint.EndpointTestClients.assertNoSecrets;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based tests for {@link TokenEndpointClient} and {@link ReactiveTokenEndpointClient} against a
 * loopback endpoint that answers with random statuses, content types (malformed ones included) and
 * bodies: random bytes, random, deep, huge and truncated JSON, random token responses. Whatever comes,
 * each client returns header-safe tokens or fails with a {@link TokenEndpointException} that holds no
 * token and no credential, well within its timeouts; and both stacks reach the same outcome. Each seed
 * is one case, and the seeds are fixed.
 *
 * @author token-starter
 */
class EndpointClientsPropertyTests {

	private static final Duration WELL_WITHIN = Duration.ofSeconds(10);

	private static final DataSize MAX_RESPONSE_SIZE = DataSize.ofKilobytes(16);

	private static final AtomicInteger SUCCESSES = new AtomicInteger();

	private static LoopbackTokenServer server;

	private static TokenEndpointClient blocking;

	private static ReactiveTokenEndpointClient reactive;

	@BeforeAll
	static void startServer() throws Exception {
		server = LoopbackTokenServer.start();
		HttpClient httpClient = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(Duration.ofSeconds(10));
		blocking = new TokenEndpointClient(RestClient.builder().requestFactory(requestFactory).build());
		blocking.setTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
		blocking.setMaxResponseSize(MAX_RESPONSE_SIZE);
		blocking.setClock(EndpointTestClients.CLOCK);
		JdkClientHttpConnector connector = new JdkClientHttpConnector(
				BoundedHttpClient.of(httpClient, Duration.ofSeconds(10), MAX_RESPONSE_SIZE));
		connector.setReadTimeout(Duration.ofSeconds(10));
		reactive = new ReactiveTokenEndpointClient(WebClient.builder().clientConnector(connector).build());
		reactive.setTimeout(Duration.ofSeconds(10));
		reactive.setMaxResponseSize(MAX_RESPONSE_SIZE);
		reactive.setClock(EndpointTestClients.CLOCK);
	}

	@AfterAll
	static void stopServer() throws Exception {
		server.close();
		assertThat(SUCCESSES.get()).as("exchanges that got a token, so that both outcomes were tried").isPositive();
	}

	static LongStream seeds() {
		return RandomInputs.seeds(80);
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void exchangeWhenEndpointAnswersAnythingThenTokensOrTokenEndpointExceptionOnBothStacks(long seed) {
		RandomInputs random = RandomInputs.seeded(seed);
		boolean tokenLike = random.chance(0.5);
		int status = tokenLike ? 200 : random.status();
		String contentType = tokenLike ? "application/json" : random.contentType();
		byte[] body = tokenLike ? random.oauth2TokenResponse().getBytes(StandardCharsets.UTF_8)
				: random.responseBody(40 * 1024);
		server.respond(status, contentType, body);
		TokenClientDefinition definition = EndpointTestClients
			.formWithSecretInQuery(server.uri("/oauth/token?tenant=acme"));

		Outcome onBlocking = Outcome.of(() -> blocking.exchange(definition, definition.getTokenEndpoint(), Map.of()));
		Outcome onReactive = Outcome.of(() -> reactive.exchange(definition, definition.getTokenEndpoint(), Map.of())
			.block(WELL_WITHIN));

		for (Outcome outcome : new Outcome[] { onBlocking, onReactive }) {
			assertThat(outcome.took()).isLessThan(WELL_WITHIN);
			if (outcome.failure() != null) {
				assertDocumentedFailure(outcome.failure());
			}
			else {
				SUCCESSES.incrementAndGet();
				assertThat(status).isBetween(200, 299);
				String token = outcome.response().accessToken().getTokenValue();
				assertThat(token).isNotBlank();
				assertThat(TokenResponseMapper.indexOfHeaderUnsafeCharacter(token)).isEqualTo(-1);
			}
		}
		assertThat(onReactive.summary()).as("same outcome on both stacks").isEqualTo(onBlocking.summary());
	}

	private static void assertDocumentedFailure(Throwable failure) {
		assertThat(failure).as("only TokenEndpointException").isInstanceOf(TokenEndpointException.class);
		TokenEndpointException ex = (TokenEndpointException) failure;
		assertThat(ex.getClientRegistrationId()).isEqualTo("form");
		assertThat(ex.getMessage()).startsWith("Token endpoint of client 'form' ")
			.doesNotContain(RandomInputs.SECRET_MARK)
			.doesNotContain("\n");
		assertNoSecrets(ex, RandomInputs.SECRET_MARK, "tenant=acme", "client_secret");
	}

	/**
	 * What an exchange came to, and how long it took.
	 */
	private record Outcome(@Nullable TokenResponse response, @Nullable Throwable failure, Duration took) {

		static Outcome of(java.util.function.Supplier<TokenResponse> exchange) {
			long started = System.nanoTime();
			try {
				TokenResponse response = exchange.get();
				return new Outcome(response, null, Duration.ofNanos(System.nanoTime() - started));
			}
			catch (RuntimeException ex) {
				return new Outcome(null, ex, Duration.ofNanos(System.nanoTime() - started));
			}
		}

		String summary() {
			if (this.response != null) {
				return "token " + this.response.accessToken().getTokenValue();
			}
			if (this.failure instanceof TokenEndpointException ex) {
				return "status " + ex.getStatusCode() + ", error " + ex.getError().getErrorCode() + ", transient "
						+ ex.isTransient();
			}
			return String.valueOf(this.failure);
		}

	}

}
