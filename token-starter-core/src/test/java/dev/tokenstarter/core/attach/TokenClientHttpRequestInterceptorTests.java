package dev.tokenstarter.core.attach;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.core.JsonPointer;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriUtils;

import dev.tokenstarter.core.definition.AttachSpec;
import dev.tokenstarter.core.definition.InvalidTokenSpec;
import dev.tokenstarter.core.definition.JsonValueRule;
import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.definition.TokenResponseSpec;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;
import dev.tokenstarter.core.test.IssuingRenewer;
import dev.tokenstarter.core.test.LoopbackClients;
import dev.tokenstarter.core.test.LoopbackServer;
import dev.tokenstarter.core.test.LoopbackServer.RecordedRequest;
import dev.tokenstarter.core.test.LoopbackServer.Reply;
import dev.tokenstarter.core.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link TokenClientHttpRequestInterceptor}, on a real {@link RestClient} calling a loopback
 * API.
 *
 * @author token-starter
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenClientHttpRequestInterceptorTests {

	static final InvalidTokenSpec BODY_RULE = new InvalidTokenSpec(Set.of(401),
			List.of(new JsonValueRule(JsonPointer.compile("/error/code"), Set.of("ApiInvalidTokenError"))));

	static final String INVALID_BODY = "{\"error\":{\"code\":\"ApiInvalidTokenError\",\"message\":\"token invalid\"}}";

	private final MutableClock clock = MutableClock.start();

	private final IssuingRenewer renewer = new IssuingRenewer(this.clock, Duration.ofHours(1));

	private final LoopbackServer api = new LoopbackServer();

	@AfterEach
	void closeApi() {
		this.api.close();
	}

	@Test
	void interceptWhenHeaderWithSchemeThenAuthorizationBearer() {
		this.api.on("/items", (request) -> Reply.json(200, "[]"));
		RestClient client = client(AttachSpec.bearer(), InvalidTokenSpec.unauthorized());
		assertThat(client.get().uri(this.api.uri("/items")).retrieve().body(String.class)).isEqualTo("[]");
		assertThat(this.api.requests()).singleElement()
			.satisfies((request) -> assertThat(request.headers().get("Authorization")).containsExactly("Bearer t1"));
	}

	@Test
	void interceptWhenBareHeaderThenTokenWithoutScheme() {
		this.api.on("/items", (request) -> Reply.json(200, "[]"));
		RestClient client = client(new AttachSpec("X-Auth-Token", null, null), InvalidTokenSpec.unauthorized());
		client.get().uri(this.api.uri("/items")).retrieve().toBodilessEntity();
		assertThat(this.api.requests()).singleElement().satisfies((request) -> {
			assertThat(request.headers().get("X-Auth-Token")).containsExactly("t1");
			assertThat(request.header("Authorization")).isNull();
		});
	}

	@Test
	void interceptWhenQueryParameterThenValueEncodedAndExistingQueryKept() {
		IssuingRenewer awkward = new IssuingRenewer(this.clock, Duration.ofHours(1), "a+b/c d=&");
		this.api.on("/items", (request) -> Reply.json(200, "[]"));
		RestClient client = client(lifecycle(awkward), definition(new AttachSpec(null, null, "access_token"),
				InvalidTokenSpec.unauthorized()));
		client.get().uri(URI.create(this.api.uri("/items?q=x%20y&page=2"))).retrieve().toBodilessEntity();
		assertThat(this.api.requests()).singleElement().satisfies((request) -> {
			assertThat(request.rawQuery()).isEqualTo("q=x%20y&page=2&access_token=a%2Bb%2Fc%20d%3D%261");
			assertThat(UriUtils.decode("a%2Bb%2Fc%20d%3D%261", StandardCharsets.UTF_8)).isEqualTo("a+b/c d=&1");
			assertThat(request.header("Authorization")).isNull();
		});
	}

	@Test
	void interceptWhenTokenCannotGoInAHeaderThenFailsWithoutSendingOrShowingIt() {
		IssuingRenewer injecting = new IssuingRenewer(this.clock, Duration.ofHours(1), "abc\r\nX-Injected: ");
		this.api.on("/items", (request) -> Reply.json(200, "[]"));
		RestClient client = client(lifecycle(injecting),
				definition(AttachSpec.bearer(), InvalidTokenSpec.unauthorized()));

		Throwable failure = catchThrowable(
				() -> client.get().uri(this.api.uri("/items")).retrieve().toBodilessEntity());

		assertThat(failure).isInstanceOf(IllegalStateException.class)
			.hasMessage("Token of client 'api' holds the character U+000D at index 3, which cannot go in an HTTP "
					+ "header; it was not sent")
			.hasNoCause();
		assertThat(failure.toString()).doesNotContain("X-Injected");
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void interceptWhenQueryParameterAndUnauthorizedThenRetryCarriesOnlyNewToken() {
		this.api.on("/items", (request) -> request.rawQuery().endsWith("access_token=t1") ? Reply.json(401, "{}")
				: Reply.json(200, "[]"));
		RestClient client = client(new AttachSpec(null, null, "access_token"), InvalidTokenSpec.unauthorized());
		client.get().uri(URI.create(this.api.uri("/items?page=2"))).retrieve().toBodilessEntity();
		assertThat(this.api.requests()).extracting(RecordedRequest::rawQuery)
			.containsExactly("page=2&access_token=t1", "page=2&access_token=t2");
	}

	@Test
	void interceptWhenUriAlreadyCarriesTokenParameterThenReplaced() {
		this.api.on("/items", (request) -> Reply.json(200, "[]"));
		RestClient client = client(new AttachSpec(null, null, "access_token"), InvalidTokenSpec.unauthorized());
		client.get().uri(URI.create(this.api.uri("/items?access_token=stale&page=2"))).retrieve().toBodilessEntity();
		assertThat(this.api.requests()).singleElement()
			.satisfies((request) -> assertThat(request.rawQuery()).isEqualTo("page=2&access_token=t1"));
	}

	@Test
	void interceptWhenUnauthorizedThenRenewsOnceAndRetriesWithNewToken() {
		this.api.on("/items", (request) -> "Bearer t1".equals(request.header("Authorization"))
				? Reply.json(401, "{\"error\":\"expired\"}") : Reply.json(200, "{\"items\":[1]}"));
		RestClient client = client(AttachSpec.bearer(), InvalidTokenSpec.unauthorized());
		String body = client.post()
			.uri(this.api.uri("/items"))
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\":\"x\"}")
			.retrieve()
			.body(String.class);
		assertThat(body).isEqualTo("{\"items\":[1]}");
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
	void interceptWhenUnauthorizedTwiceThenSecondResponseReturnedWithoutLoop() {
		this.api.on("/items",
				(request) -> Reply.json(401, "{\"error\":\"denied for " + request.header("Authorization") + "\"}"));
		RestClient client = client(AttachSpec.bearer(), InvalidTokenSpec.unauthorized());
		String result = client.get()
			.uri(this.api.uri("/items"))
			.exchange((request, response) -> response.getStatusCode().value() + " "
					+ new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
		assertThat(result).isEqualTo("401 {\"error\":\"denied for Bearer t2\"}");
		assertThat(this.api.requests()).hasSize(2);
		assertThat(this.renewer.calls()).isEqualTo(2);
	}

	@Test
	void interceptWhenEndpointAnswers401UnrelatedToTokenThenRenewsOnceAndKeepsToken(CapturedOutput output) {
		this.api.on("/admin", (request) -> Reply.json(401, "{\"error\":\"not an admin\"}"));
		this.api.on("/items", (request) -> Reply.json(200, "[]"));
		RestClient client = client(AttachSpec.bearer(), InvalidTokenSpec.unauthorized());
		for (int i = 0; i < 5; i++) {
			String result = client.get()
				.uri(this.api.uri("/admin"))
				.exchange((request, response) -> response.getStatusCode().value() + " "
						+ new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
			assertThat(result).isEqualTo("401 {\"error\":\"not an admin\"}");
		}
		assertThat(this.renewer.calls()).as("token requests").isEqualTo(2);
		assertThat(this.api.requests("/admin")).extracting((request) -> request.header("Authorization"))
			.containsExactly("Bearer t1", "Bearer t2", "Bearer t2", "Bearer t2", "Bearer t2", "Bearer t2");
		assertThat(client.get().uri(this.api.uri("/items")).retrieve().body(String.class)).isEqualTo("[]");
		assertThat(this.api.requests("/items").get(0).header("Authorization")).isEqualTo("Bearer t2");
		assertThat(output.getAll()).containsOnlyOnce("Client 'api' got HTTP 401 again").doesNotContain("t2");
	}

	@Test
	void interceptWhenBodyRuleMatchesEveryResponseThenRenewsOnceAndKeepsToken() {
		this.api.on("/items", (request) -> Reply.json(200, INVALID_BODY));
		RestClient client = client(AttachSpec.bearer(), BODY_RULE);
		for (int i = 0; i < 3; i++) {
			assertThat(client.get().uri(this.api.uri("/items")).retrieve().body(String.class))
				.isEqualTo(INVALID_BODY);
		}
		assertThat(this.renewer.calls()).isEqualTo(2);
		assertThat(this.api.requests()).hasSize(4);
	}

	@Test
	void interceptWhenTokenKeptAfterUnrelated401ExpiresThenNextTokenMayBeRenewedOnRefusal() {
		this.api.on("/admin", (request) -> Reply.json(401, "{}"));
		this.api.on("/items", (request) -> "Bearer t3".equals(request.header("Authorization")) ? Reply.json(401, "{}")
				: Reply.json(200, "[]"));
		RestClient client = client(AttachSpec.bearer(), InvalidTokenSpec.unauthorized());
		client.get().uri(this.api.uri("/admin")).exchange((request, response) -> response.getStatusCode());
		this.clock.advance(Duration.ofHours(2));
		assertThat(client.get().uri(this.api.uri("/items")).retrieve().body(String.class)).isEqualTo("[]");
		assertThat(this.api.requests("/items")).extracting((request) -> request.header("Authorization"))
			.containsExactly("Bearer t3", "Bearer t4");
	}

	@Test
	void interceptWhenBodySaysTokenInvalidWithHttp200ThenRetriesOnce() {
		this.api.on("/items", (request) -> "Bearer t1".equals(request.header("Authorization"))
				? Reply.json(200, INVALID_BODY) : Reply.json(200, "{\"data\":\"ok\"}"));
		RestClient client = client(AttachSpec.bearer(), BODY_RULE);
		assertThat(client.get().uri(this.api.uri("/items")).retrieve().body(String.class))
			.isEqualTo("{\"data\":\"ok\"}");
		assertThat(this.api.requests()).hasSize(2);
		assertThat(this.renewer.calls()).isEqualTo(2);
	}

	@Test
	void interceptWhenBodySaysTokenInvalidTwiceThenSecondResponseReturned() {
		this.api.on("/items", (request) -> Reply.json(200, INVALID_BODY));
		RestClient client = client(AttachSpec.bearer(), BODY_RULE);
		assertThat(client.get().uri(this.api.uri("/items")).retrieve().body(String.class)).isEqualTo(INVALID_BODY);
		assertThat(this.api.requests()).hasSize(2);
	}

	@Test
	void interceptWhenJsonBodyDoesNotMatchRuleThenPassedThroughIntact() {
		String body = "{\"error\":{\"code\":\"ApiRateLimited\"},\"data\":[1,2,3],\"text\":\"h\\u00e9llo\"}";
		this.api.on("/items", (request) -> Reply.of(200, "application/problem+json", body));
		RestClient client = client(AttachSpec.bearer(), BODY_RULE);
		String result = client.get()
			.uri(this.api.uri("/items"))
			.exchange((request, response) -> response.getHeaders().getContentType() + " "
					+ new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
		assertThat(result).isEqualTo("application/problem+json " + body);
		assertThat(this.api.requests()).hasSize(1);
		assertThat(this.renewer.calls()).isEqualTo(1);
	}

	@Test
	void interceptWhenJsonBodyLargerThanCheckedPrefixThenPassedThroughIntactWithoutCheck() {
		String body = largeBody();
		this.api.on("/items", (request) -> Reply.json(200, body));
		RestClient client = client(AttachSpec.bearer(), BODY_RULE);
		assertThat(client.get().uri(this.api.uri("/items")).retrieve().body(String.class)).isEqualTo(body);
		assertThat(this.api.requests()).hasSize(1);
		assertThat(this.renewer.calls()).isEqualTo(1);
	}

	@Test
	void interceptWhenJsonBodyJustWithinCheckedPrefixThenChecked() {
		String padded = INVALID_BODY.substring(0, INVALID_BODY.length() - 1) + ",\"pad\":\""
				+ "x".repeat(TokenAttachment.MAX_CHECKED_BODY_SIZE - INVALID_BODY.length() - 10) + "\"}";
		assertThat(padded).hasSizeLessThanOrEqualTo(TokenAttachment.MAX_CHECKED_BODY_SIZE);
		this.api.on("/items", (request) -> "Bearer t1".equals(request.header("Authorization"))
				? Reply.json(200, padded) : Reply.json(200, "{\"data\":\"ok\"}"));
		RestClient client = client(AttachSpec.bearer(), BODY_RULE);
		assertThat(client.get().uri(this.api.uri("/items")).retrieve().body(String.class))
			.isEqualTo("{\"data\":\"ok\"}");
		assertThat(this.api.requests()).hasSize(2);
	}

	/**
	 * Return a JSON body of a megabyte that matches the body rule in its first bytes.
	 */
	static String largeBody() {
		return INVALID_BODY.substring(0, INVALID_BODY.length() - 1) + ",\"data\":\""
				+ "0123456789abcdef".repeat(64 * 1024) + "\"}";
	}

	@Test
	void interceptWhenJsonContentTypeButMalformedBodyThenPassedThroughIntact() {
		this.api.on("/items", (request) -> Reply.json(200, "{not json"));
		RestClient client = client(AttachSpec.bearer(), BODY_RULE);
		assertThat(client.get().uri(this.api.uri("/items")).retrieve().body(String.class)).isEqualTo("{not json");
		assertThat(this.api.requests()).hasSize(1);
	}

	@Test
	void interceptWhenContentTypeMalformedThenResponsePassedThroughUnchecked() {
		this.api.on("/items", (request) -> Reply.of(200, "json;;=", INVALID_BODY));
		RestClient client = client(AttachSpec.bearer(), BODY_RULE);
		String result = client.get()
			.uri(this.api.uri("/items"))
			.exchange((request, response) -> new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
		assertThat(result).isEqualTo(INVALID_BODY);
		assertThat(this.api.requests()).hasSize(1);
	}

	@Test
	void interceptWhenBodyIsNotJsonThenStreamedWithoutBuffering() throws Exception {
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
		RestClient client = client(AttachSpec.bearer(), BODY_RULE);
		String result = client.get().uri(this.api.uri("/stream")).exchange((request, response) -> {
			InputStream body = response.getBody();
			String first = readLine(body);
			firstPartRead.countDown();
			return first + "|" + readLine(body);
		});
		assertThat(result).isEqualTo("part1|part2");
		assertThat(streamed).as("the caller read the first part before the server sent the rest").isTrue();
	}

	static boolean awaitQuietly(CountDownLatch latch) {
		try {
			return latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static String readLine(InputStream in) throws java.io.IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int next;
		while ((next = in.read()) != -1 && next != '\n') {
			line.write(next);
		}
		return line.toString(StandardCharsets.UTF_8);
	}

	private RestClient client(AttachSpec attach, InvalidTokenSpec invalidToken) {
		return client(lifecycle(this.renewer), definition(attach, invalidToken));
	}

	private static RestClient client(TokenLifecycle lifecycle, TokenClientDefinition definition) {
		return LoopbackClients.restClient()
			.requestInterceptor(new TokenClientHttpRequestInterceptor(lifecycle, definition))
			.build();
	}

	TokenLifecycle lifecycle(IssuingRenewer renewer) {
		TokenLifecycle lifecycle = new TokenLifecycle("api", LifecycleSpec.defaults(), renewer, null);
		lifecycle.setClock(this.clock);
		return lifecycle;
	}

	static TokenClientDefinition definition(AttachSpec attach, InvalidTokenSpec invalidToken) {
		return TokenClientDefinition.withRegistrationId("api")
			.tokenEndpoint(new TokenEndpointSpec(TokenRequestSpec.post("http://127.0.0.1:1/token"),
					TokenResponseSpec.oauth2()))
			.attach(attach)
			.invalidToken(invalidToken)
			.build();
	}

}
