package dev.tokenstarter.core.attach;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.core.definition.AttachSpec;
import dev.tokenstarter.core.definition.InvalidTokenSpec;
import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;
import dev.tokenstarter.core.test.IssuingRenewer;
import dev.tokenstarter.core.test.LoopbackClients;
import dev.tokenstarter.core.test.LoopbackServer;
import dev.tokenstarter.core.test.LoopbackServer.RecordedRequest;
import dev.tokenstarter.core.test.LoopbackServer.Reply;
import dev.tokenstarter.core.test.MutableClock;

import static dev.tokenstarter.core.attach.TokenClientHttpRequestInterceptorTests.BODY_RULE;
import static dev.tokenstarter.core.attach.TokenClientHttpRequestInterceptorTests.INVALID_BODY;
import static dev.tokenstarter.core.attach.TokenClientHttpRequestInterceptorTests.awaitQuietly;
import static dev.tokenstarter.core.attach.TokenClientHttpRequestInterceptorTests.definition;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenExchangeFilterFunction}, on a real {@link WebClient} (JDK HTTP client) calling
 * a loopback API.
 *
 * @author token-starter
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenExchangeFilterFunctionTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final MutableClock clock = MutableClock.start();

	private final IssuingRenewer renewer = new IssuingRenewer(this.clock, Duration.ofHours(1));

	private final LoopbackServer api = new LoopbackServer();

	@AfterEach
	void closeApi() {
		this.api.close();
	}

	@Test
	void filterWhenHeaderWithSchemeThenAuthorizationBearer() {
		this.api.on("/items", (request) -> Reply.json(200, "[]"));
		WebClient client = client(AttachSpec.bearer(), InvalidTokenSpec.unauthorized());
		expectBody(client.get().uri(this.api.uri("/items")).retrieve().bodyToMono(String.class), "[]");
		assertThat(this.api.requests()).singleElement()
			.satisfies((request) -> assertThat(request.headers().get("Authorization")).containsExactly("Bearer t1"));
	}

	@Test
	void filterWhenBareHeaderThenTokenWithoutScheme() {
		this.api.on("/items", (request) -> Reply.json(200, "[]"));
		WebClient client = client(new AttachSpec("X-Auth-Token", null, null), InvalidTokenSpec.unauthorized());
		expectBody(client.get().uri(this.api.uri("/items")).retrieve().bodyToMono(String.class), "[]");
		assertThat(this.api.requests()).singleElement().satisfies((request) -> {
			assertThat(request.headers().get("X-Auth-Token")).containsExactly("t1");
			assertThat(request.header("Authorization")).isNull();
		});
	}

	@Test
	void filterWhenTokenCannotGoInAHeaderThenFailsWithoutSendingOrShowingIt() {
		IssuingRenewer injecting = new IssuingRenewer(this.clock, Duration.ofHours(1), "abc\r\nX-Injected: ");
		this.api.on("/items", (request) -> Reply.json(200, "[]"));
		WebClient client = client(lifecycle(injecting),
				definition(AttachSpec.bearer(), InvalidTokenSpec.unauthorized()));

		StepVerifier.create(client.get().uri(this.api.uri("/items")).retrieve().bodyToMono(String.class))
			.expectErrorSatisfies((failure) -> {
				assertThat(failure).isInstanceOf(IllegalStateException.class)
					.hasMessage("Token of client 'api' holds the character U+000D at index 3, which cannot go in an "
							+ "HTTP header; it was not sent")
					.hasNoCause();
				assertThat(failure.toString()).doesNotContain("X-Injected");
			})
			.verify(Duration.ofSeconds(10));
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void filterWhenQueryParameterThenValueEncodedAndExistingQueryKept() {
		IssuingRenewer awkward = new IssuingRenewer(this.clock, Duration.ofHours(1), "a+b/c d=&");
		this.api.on("/items", (request) -> Reply.json(200, "[]"));
		WebClient client = client(lifecycle(awkward),
				definition(new AttachSpec(null, null, "access_token"), InvalidTokenSpec.unauthorized()));
		expectBody(client.get().uri(URI.create(this.api.uri("/items?q=x%20y&page=2"))).retrieve()
			.bodyToMono(String.class), "[]");
		assertThat(this.api.requests()).singleElement().satisfies((request) -> {
			assertThat(request.rawQuery()).isEqualTo("q=x%20y&page=2&access_token=a%2Bb%2Fc%20d%3D%261");
			assertThat(request.header("Authorization")).isNull();
		});
	}

	@Test
	void filterWhenQueryParameterAndUnauthorizedThenRetryCarriesOnlyNewToken() {
		this.api.on("/items", (request) -> request.rawQuery().endsWith("access_token=t1") ? Reply.json(401, "{}")
				: Reply.json(200, "[]"));
		WebClient client = client(new AttachSpec(null, null, "access_token"), InvalidTokenSpec.unauthorized());
		expectBody(client.get().uri(URI.create(this.api.uri("/items?page=2"))).retrieve().bodyToMono(String.class),
				"[]");
		assertThat(this.api.requests()).extracting(RecordedRequest::rawQuery)
			.containsExactly("page=2&access_token=t1", "page=2&access_token=t2");
	}

	@Test
	void filterWhenUnauthorizedThenRenewsOnceAndRetriesWithNewToken() {
		this.api.on("/items", (request) -> "Bearer t1".equals(request.header("Authorization"))
				? Reply.json(401, "{\"error\":\"expired\"}") : Reply.json(200, "{\"items\":[1]}"));
		WebClient client = client(AttachSpec.bearer(), InvalidTokenSpec.unauthorized());
		expectBody(client.post()
			.uri(this.api.uri("/items"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"x\"}")
			.retrieve()
			.bodyToMono(String.class), "{\"items\":[1]}");
		assertThat(this.api.requests()).hasSize(2).allSatisfy((request) -> {
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.body()).isEqualTo("{\"name\":\"x\"}");
		});
		assertThat(this.api.requests()).extracting((request) -> request.headers().get("Authorization"))
			.containsExactly(List.of("Bearer t1"), List.of("Bearer t2"));
		assertThat(this.renewer.calls()).isEqualTo(2);
		assertThat(this.renewer.replacedTokens()).containsExactly("null", "t1");
	}

	@Test
	void filterWhenUnauthorizedAndBodyIsOneShotThenRetrySendsTheSameBody() {
		byte[] upload = "0123456789".repeat(2_000).getBytes(StandardCharsets.UTF_8);
		this.api.on("/upload", (request) -> "Bearer t1".equals(request.header("Authorization"))
				? Reply.json(401, "{}") : Reply.json(200, "{\"stored\":" + request.body().length() + "}"));
		WebClient client = client(AttachSpec.bearer(), InvalidTokenSpec.unauthorized());
		expectBody(client.post()
			.uri(this.api.uri("/upload"))
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.body(oneShot(upload), DataBuffer.class)
			.retrieve()
			.bodyToMono(String.class), "{\"stored\":20000}");
		assertThat(this.api.requests()).hasSize(2).allSatisfy((request) -> {
			assertThat(request.body()).isEqualTo(new String(upload, StandardCharsets.UTF_8));
			assertThat(request.header("Content-Type")).isEqualTo("application/octet-stream");
		});
	}

	@Test
	void filterWhenUnauthorizedAndEncoderSetContentTypeThenRetryKeepsIt() {
		this.api.on("/notes", (request) -> "Bearer t1".equals(request.header("Authorization"))
				? Reply.json(401, "{}") : Reply.json(200, "{\"note\":\"" + request.body() + "\"}"));
		WebClient client = client(AttachSpec.bearer(), InvalidTokenSpec.unauthorized());
		expectBody(client.post().uri(this.api.uri("/notes")).bodyValue("hello").retrieve().bodyToMono(String.class),
				"{\"note\":\"hello\"}");
		assertThat(this.api.requests()).hasSize(2)
			.extracting((request) -> request.header("Content-Type"))
			.containsOnly("text/plain;charset=UTF-8");
	}

	@Test
	void filterWhenUnauthorizedAndOneShotBodyTooLargeToReplayThenRefusalReturnedWithoutRetry() {
		byte[] upload = new byte[TokenExchangeFilterFunction.MAX_REPLAYED_BODY_SIZE + 1];
		java.util.Arrays.fill(upload, (byte) 'x');
		this.api.on("/upload", (request) -> "Bearer t1".equals(request.header("Authorization"))
				? Reply.json(401, "{\"error\":\"token\"}")
				: Reply.json(200, "{\"stored\":" + request.body().length() + "}"));
		WebClient client = client(AttachSpec.bearer(), InvalidTokenSpec.unauthorized());
		Mono<String> result = client.post()
			.uri(this.api.uri("/upload"))
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.body(oneShot(upload), DataBuffer.class)
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.map((body) -> response.statusCode().value() + " " + body));
		expectBody(result, "401 {\"error\":\"token\"}");
		assertThat(this.api.requests()).singleElement()
			.satisfies((request) -> assertThat(request.body()).hasSize(upload.length));
		expectBody(client.get().uri(this.api.uri("/upload")).retrieve().bodyToMono(String.class), "{\"stored\":0}");
		assertThat(this.api.requests().get(1).header("Authorization"))
			.as("the refused token was dropped for the next call").isEqualTo("Bearer t2");
	}

	/**
	 * Return a body that can be read once, like an upload streamed from a file or a socket.
	 */
	private static Flux<DataBuffer> oneShot(byte[] content) {
		InputStream once = new ByteArrayInputStream(content);
		return DataBufferUtils.readInputStream(() -> once, DefaultDataBufferFactory.sharedInstance, 4096);
	}

	@Test
	void filterWhenUnauthorizedTwiceThenSecondResponseReturnedWithoutLoop() {
		this.api.on("/items",
				(request) -> Reply.json(401, "{\"error\":\"denied for " + request.header("Authorization") + "\"}"));
		WebClient client = client(AttachSpec.bearer(), InvalidTokenSpec.unauthorized());
		Mono<String> result = client.get()
			.uri(this.api.uri("/items"))
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.map((body) -> response.statusCode().value() + " " + body));
		expectBody(result, "401 {\"error\":\"denied for Bearer t2\"}");
		assertThat(this.api.requests()).hasSize(2);
		assertThat(this.renewer.calls()).isEqualTo(2);
	}

	@Test
	void filterWhenEndpointAnswers401UnrelatedToTokenThenRenewsOnceAndKeepsToken(CapturedOutput output) {
		this.api.on("/admin", (request) -> Reply.json(401, "{\"error\":\"not an admin\"}"));
		this.api.on("/items", (request) -> Reply.json(200, "[]"));
		WebClient client = client(AttachSpec.bearer(), InvalidTokenSpec.unauthorized());
		for (int i = 0; i < 5; i++) {
			expectBody(client.get()
				.uri(this.api.uri("/admin"))
				.exchangeToMono((response) -> response.bodyToMono(String.class)
					.map((body) -> response.statusCode().value() + " " + body)),
					"401 {\"error\":\"not an admin\"}");
		}
		assertThat(this.renewer.calls()).as("token requests").isEqualTo(2);
		assertThat(this.api.requests("/admin")).extracting((request) -> request.header("Authorization"))
			.containsExactly("Bearer t1", "Bearer t2", "Bearer t2", "Bearer t2", "Bearer t2", "Bearer t2");
		expectBody(client.get().uri(this.api.uri("/items")).retrieve().bodyToMono(String.class), "[]");
		assertThat(this.api.requests("/items").get(0).header("Authorization")).isEqualTo("Bearer t2");
		assertThat(output.getAll()).containsOnlyOnce("Client 'api' got HTTP 401 again").doesNotContain("t2");
	}

	@Test
	void filterWhenBodyRuleMatchesEveryResponseThenRenewsOnceAndKeepsToken() {
		this.api.on("/items", (request) -> Reply.json(200, INVALID_BODY));
		WebClient client = client(AttachSpec.bearer(), BODY_RULE);
		for (int i = 0; i < 3; i++) {
			expectBody(client.get().uri(this.api.uri("/items")).retrieve().bodyToMono(String.class), INVALID_BODY);
		}
		assertThat(this.renewer.calls()).isEqualTo(2);
		assertThat(this.api.requests()).hasSize(4);
	}

	@Test
	void filterWhenBodySaysTokenInvalidWithHttp200ThenRetriesOnce() {
		this.api.on("/items", (request) -> "Bearer t1".equals(request.header("Authorization"))
				? Reply.json(200, INVALID_BODY) : Reply.json(200, "{\"data\":\"ok\"}"));
		WebClient client = client(AttachSpec.bearer(), BODY_RULE);
		expectBody(client.get().uri(this.api.uri("/items")).retrieve().bodyToMono(String.class),
				"{\"data\":\"ok\"}");
		assertThat(this.api.requests()).hasSize(2);
		assertThat(this.renewer.calls()).isEqualTo(2);
	}

	@Test
	void filterWhenBodySaysTokenInvalidTwiceThenSecondResponseReturned() {
		this.api.on("/items", (request) -> Reply.json(200, INVALID_BODY));
		WebClient client = client(AttachSpec.bearer(), BODY_RULE);
		expectBody(client.get().uri(this.api.uri("/items")).retrieve().bodyToMono(String.class), INVALID_BODY);
		assertThat(this.api.requests()).hasSize(2);
	}

	@Test
	void filterWhenJsonBodyDoesNotMatchRuleThenPassedThroughIntact() {
		String body = "{\"error\":{\"code\":\"ApiRateLimited\"},\"data\":[1,2,3],\"text\":\"h\\u00e9llo\"}";
		this.api.on("/items", (request) -> Reply.of(200, "application/problem+json", body));
		WebClient client = client(AttachSpec.bearer(), BODY_RULE);
		Mono<String> result = client.get()
			.uri(this.api.uri("/items"))
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.map((text) -> response.headers().contentType().orElseThrow() + " " + text));
		List<Throwable> dropped = new CopyOnWriteArrayList<>();
		Hooks.onErrorDropped(dropped::add);
		try {
			expectBody(result, "application/problem+json " + body);
		}
		finally {
			Hooks.resetOnErrorDropped();
		}
		assertThat(dropped).as("errors dropped while passing the body on").isEmpty();
		assertThat(this.api.requests()).hasSize(1);
		assertThat(this.renewer.calls()).isEqualTo(1);
	}

	@Test
	void filterWhenJsonBodyLargerThanCheckedPrefixThenPassedThroughIntactWithoutCheck() {
		String body = TokenClientHttpRequestInterceptorTests.largeBody();
		this.api.on("/items", (request) -> Reply.json(200, body));
		WebClient client = client(AttachSpec.bearer(), BODY_RULE);
		StepVerifier.create(client.get()
			.uri(this.api.uri("/items"))
			.retrieve()
			.bodyToFlux(DataBuffer.class)
			.map((buffer) -> {
				String part = buffer.toString(StandardCharsets.UTF_8);
				DataBufferUtils.release(buffer);
				return part;
			})
			.reduce(new StringBuilder(), StringBuilder::append)
			.map(StringBuilder::toString))
			.assertNext((received) -> assertThat(received).isEqualTo(body))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.api.requests()).hasSize(1);
		assertThat(this.renewer.calls()).isEqualTo(1);
	}

	@Test
	void filterWhenJsonBodyJustWithinCheckedPrefixThenChecked() {
		String padded = INVALID_BODY.substring(0, INVALID_BODY.length() - 1) + ",\"pad\":\""
				+ "x".repeat(TokenAttachment.MAX_CHECKED_BODY_SIZE - INVALID_BODY.length() - 10) + "\"}";
		this.api.on("/items", (request) -> "Bearer t1".equals(request.header("Authorization"))
				? Reply.json(200, padded) : Reply.json(200, "{\"data\":\"ok\"}"));
		WebClient client = client(AttachSpec.bearer(), BODY_RULE);
		expectBody(client.get().uri(this.api.uri("/items")).retrieve().bodyToMono(String.class),
				"{\"data\":\"ok\"}");
		assertThat(this.api.requests()).hasSize(2);
	}

	@Test
	void filterWhenJsonContentTypeButMalformedBodyThenPassedThroughIntact() {
		this.api.on("/items", (request) -> Reply.json(200, "{not json"));
		WebClient client = client(AttachSpec.bearer(), BODY_RULE);
		expectBody(client.get().uri(this.api.uri("/items")).retrieve().bodyToMono(String.class), "{not json");
		assertThat(this.api.requests()).hasSize(1);
	}

	@Test
	void filterWhenContentTypeMalformedThenResponsePassedThroughUnchecked() {
		this.api.on("/items", (request) -> Reply.of(200, "json;;=", INVALID_BODY));
		WebClient client = client(AttachSpec.bearer(), BODY_RULE);
		Mono<String> result = client.get()
			.uri(this.api.uri("/items"))
			.exchangeToMono((response) -> DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()))
				.map((buffer) -> {
					String text = buffer.toString(StandardCharsets.UTF_8);
					DataBufferUtils.release(buffer);
					return text;
				}));
		expectBody(result, INVALID_BODY);
		assertThat(this.api.requests()).hasSize(1);
	}

	@Test
	void filterWhenBodyIsNotJsonThenStreamedWithoutBuffering() {
		CountDownLatch firstPartRead = new CountDownLatch(1);
		AtomicBoolean streamed = new AtomicBoolean();
		this.api.onExchange("/stream", (request, exchange) -> {
			exchange.getResponseHeaders().set("Content-Type", "text/plain");
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write("part1\n".getBytes(StandardCharsets.UTF_8));
				out.flush();
				streamed.set(awaitQuietly(firstPartRead));
				out.write("part2\n".getBytes(StandardCharsets.UTF_8));
			}
		});
		WebClient client = client(AttachSpec.bearer(), BODY_RULE);
		StepVerifier.create(client.get().uri(this.api.uri("/stream")).retrieve().bodyToFlux(String.class))
			.assertNext((first) -> {
				assertThat(first).isEqualTo("part1");
				firstPartRead.countDown();
			})
			.expectNext("part2")
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(streamed).as("the caller read the first part before the server sent the rest").isTrue();
	}

	private static void expectBody(Mono<String> body, String expected) {
		StepVerifier.create(body).expectNext(expected).expectComplete().verify(TIMEOUT);
	}

	private WebClient client(AttachSpec attach, InvalidTokenSpec invalidToken) {
		return client(lifecycle(this.renewer), definition(attach, invalidToken));
	}

	private static WebClient client(TokenLifecycle lifecycle, TokenClientDefinition definition) {
		return LoopbackClients.webClient().filter(new TokenExchangeFilterFunction(lifecycle, definition)).build();
	}

	private TokenLifecycle lifecycle(IssuingRenewer renewer) {
		TokenLifecycle lifecycle = new TokenLifecycle("api", LifecycleSpec.defaults(), null, renewer);
		lifecycle.setClock(this.clock);
		return lifecycle;
	}

}
