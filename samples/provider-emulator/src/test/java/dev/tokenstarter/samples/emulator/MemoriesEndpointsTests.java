package dev.tokenstarter.samples.emulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class MemoriesEndpointsTests {

	private static final String TOKEN_PATH = "/memories/auth/api/token/getAccessToken";

	private static final String API_PATH = "/memories/api/v1/videos";

	private static final String VALID_BODY = "{\"clientId\":\"" + Credentials.MEMORIES_CLIENT_ID + "\",\"code\":\""
			+ Credentials.MEMORIES_CODE + "\"}";

	private final MutableClock clock = MutableClock.startingAt(Instant.parse("2025-01-15T22:00:00Z"));

	private ProviderEmulator emulator;

	private EmulatorTestClient client;

	@BeforeEach
	void startEmulator() {
		this.emulator = ProviderEmulator
			.start(EmulatorSettings.builder().clock(this.clock).dailyLimit(Providers.MEMORIES, 3).build());
		this.client = new EmulatorTestClient(this.emulator);
	}

	@AfterEach
	void closeEmulator() {
		this.emulator.close();
	}

	@Test
	void getAccessTokenWhenCredentialsValidThenEnvelopeWithToken() {
		HttpResponse<String> response = this.client.postJson(TOKEN_PATH, VALID_BODY);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(EmulatorTestClient.contentType(response)).isEqualTo("application/json");
		JsonNode body = EmulatorTestClient.json(response);
		assertThat(body.get("code").stringValue()).isEqualTo("0000");
		assertThat(body.get("msg").stringValue()).isEqualTo("success");
		JsonNode data = body.get("data");
		assertThat(data.get("accessToken").stringValue()).isNotBlank();
		assertThat(data.get("type").stringValue()).isEqualTo("Bearer");
		assertThat(data.get("expiresIn").longValue()).isEqualTo(7200);
		assertThat(data.get("refreshToken").stringValue()).isNotBlank();
		assertThat(data.get("refreshExpiresIn").longValue()).isEqualTo(Duration.ofDays(60).toSeconds());
		assertThat(this.emulator.issuedTokens(Providers.MEMORIES)).isEqualTo(1);
	}

	@Test
	void getAccessTokenWhenCalledTwiceThenTokensDiffer() {
		String first = accessToken();
		String second = accessToken();
		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void getAccessTokenWhenCodeWrongThenCode1001WithHttp200() {
		HttpResponse<String> response = this.client.postJson(TOKEN_PATH,
				"{\"clientId\":\"" + Credentials.MEMORIES_CLIENT_ID + "\",\"code\":\"wrong\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"code\":\"1001\",\"msg\":\"invalid clientId or code\",\"data\":null}");
		assertThat(this.emulator.issuedTokens(Providers.MEMORIES)).isZero();
	}

	@Test
	void getAccessTokenWhenBodyNotJsonThenCode1001() {
		HttpResponse<String> response = this.client.post(TOKEN_PATH,
				"clientId=" + Credentials.MEMORIES_CLIENT_ID + "&code=" + Credentials.MEMORIES_CODE,
				"Content-Type", "application/x-www-form-urlencoded");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(EmulatorTestClient.json(response).get("code").stringValue()).isEqualTo("1001");
	}

	@Test
	void getAccessTokenWhenDailyLimitReachedThenCode1429UntilNextUtcDay() {
		for (int i = 0; i < 3; i++) {
			assertThat(EmulatorTestClient.json(this.client.postJson(TOKEN_PATH, VALID_BODY)).get("code").stringValue())
				.isEqualTo("0000");
		}
		HttpResponse<String> limited = this.client.postJson(TOKEN_PATH, VALID_BODY);
		assertThat(limited.statusCode()).isEqualTo(200);
		assertThat(limited.body()).isEqualTo("{\"code\":\"1429\",\"msg\":\"daily token limit reached\",\"data\":null}");
		assertThat(this.emulator.issuedTokens(Providers.MEMORIES)).isEqualTo(3);
		assertThat(this.emulator.tokenRequestCount(Providers.MEMORIES)).isEqualTo(4);
		this.clock.advance(Duration.ofHours(2));
		assertThat(EmulatorTestClient.json(this.client.postJson(TOKEN_PATH, VALID_BODY)).get("code").stringValue())
			.isEqualTo("0000");
	}

	@Test
	void getAccessTokenWhenRecordedThenBodyAndHeadersAvailable() {
		this.client.postJson(TOKEN_PATH, VALID_BODY, "X-Request-Id", "42");
		assertThat(this.emulator.tokenRequests(Providers.MEMORIES)).singleElement().satisfies((request) -> {
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.path()).isEqualTo(TOKEN_PATH);
			assertThat(request.query()).isNull();
			assertThat(request.header("content-type")).isEqualTo("application/json");
			assertThat(request.headers()).containsEntry("x-request-id", List.of("42"));
			assertThat(request.body()).isEqualTo(VALID_BODY);
		});
	}

	@Test
	void videosWhenRawTokenThenSuccess() {
		HttpResponse<String> response = this.client.get(API_PATH, "Authorization", accessToken());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"code\":\"0000\",\"msg\":\"success\",\"data\":{\"videos\":[]}}");
		assertThat(this.emulator.apiRequests(Providers.MEMORIES)).hasSize(1);
		assertThat(this.emulator.tokenRequestCount(Providers.MEMORIES)).isEqualTo(1);
	}

	@Test
	void videosWhenBearerSchemeUsedThenRejected() {
		HttpResponse<String> response = this.client.get(API_PATH, "Authorization", "Bearer " + accessToken());
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).isEqualTo("{\"code\":\"1401\",\"msg\":\"invalid token\",\"data\":null}");
	}

	@Test
	void videosWhenTokenExpiredThen401() {
		String token = accessToken();
		this.clock.advance(Duration.ofHours(2).minusSeconds(1));
		assertThat(this.client.get(API_PATH, "Authorization", token).statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(1));
		HttpResponse<String> response = this.client.get(API_PATH, "Authorization", token);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(EmulatorTestClient.json(response).get("code").stringValue()).isEqualTo("1401");
	}

	@Test
	void videosWhenTokenRevokedThen401() {
		String token = accessToken();
		this.emulator.revokeAccessTokens(Providers.MEMORIES);
		assertThat(this.client.get(API_PATH, "Authorization", token).statusCode()).isEqualTo(401);
		assertThat(this.client.get(API_PATH, "Authorization", accessToken()).statusCode()).isEqualTo(200);
	}

	@Test
	void videosWhenAuthorizationMissingThen401() {
		assertThat(this.client.get(API_PATH).statusCode()).isEqualTo(401);
	}

	@Test
	void getAccessTokenWhenCallbackUriThenBareSuccessAndTokensPostedToCallback() throws Exception {
		try (CallbackReceiver receiver = new CallbackReceiver()) {
			String callbackUri = receiver.uri("/token-starter/callback/memories?state=s1");

			HttpResponse<String> response = this.client.postJson(TOKEN_PATH, callbackBody(callbackUri));

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("{\"code\":\"0000\",\"msg\":\"success\",\"data\":null}");
			CallbackReceiver.Post post = receiver.takePost();
			assertThat(post.query()).isEqualTo("state=s1");
			JsonNode delivered = Json.parseObject(post.body());
			assertThat(delivered.get("code").stringValue()).isEqualTo("0000");
			String token = delivered.get("data").get("accessToken").stringValue();
			assertThat(delivered.get("data").get("expiresIn").longValue()).isEqualTo(7200);
			assertThat(this.client.get(API_PATH, "Authorization", token).statusCode()).isEqualTo(200);
			assertThat(this.emulator.issuedTokens(Providers.MEMORIES)).isEqualTo(1);
			assertThat(this.emulator.awaitCallbackAttempts(Providers.MEMORIES, 1, Duration.ofSeconds(10)))
				.containsExactly(new CallbackAttempt(Providers.MEMORIES, callbackUri, 204));
		}
	}

	@Test
	void getAccessTokenWhenCallbackUriAndCodeWrongThenCode1001AndNothingPosted() throws Exception {
		try (CallbackReceiver receiver = new CallbackReceiver()) {
			String body = callbackBody(receiver.uri("/cb/memories?state=s1")).replace(Credentials.MEMORIES_CODE,
					"wrong");

			HttpResponse<String> response = this.client.postJson(TOKEN_PATH, body);

			assertThat(EmulatorTestClient.json(response).get("code").stringValue()).isEqualTo("1001");
			assertThat(this.emulator.issuedTokens(Providers.MEMORIES)).isZero();
			assertThat(this.emulator.callbackAttempts(Providers.MEMORIES)).isEmpty();
		}
	}

	@Test
	void getAccessTokenWhenCallbackModeNeverThenTokenIssuedButNotPosted() throws Exception {
		try (CallbackReceiver receiver = new CallbackReceiver()) {
			this.emulator.callbackMode(CallbackMode.NEVER);

			this.client.postJson(TOKEN_PATH, callbackBody(receiver.uri("/cb/memories?state=s1")));
			this.emulator.callbackMode(CallbackMode.ONCE);
			this.client.postJson(TOKEN_PATH, callbackBody(receiver.uri("/cb/memories?state=s2")));

			assertThat(receiver.takePost().query()).isEqualTo("state=s2");
			assertThat(this.emulator.issuedTokens(Providers.MEMORIES)).isEqualTo(2);
			assertThat(receiver.posts()).isEmpty();
		}
	}

	@Test
	void getAccessTokenWhenCallbackModeTwiceThenSameTokensPostedTwice() throws Exception {
		try (CallbackReceiver receiver = new CallbackReceiver()) {
			this.emulator.callbackMode(CallbackMode.TWICE);
			receiver.answerNext(204);
			receiver.answerNext(409);

			this.client.postJson(TOKEN_PATH, callbackBody(receiver.uri("/cb/memories?state=s1")));

			assertThat(receiver.takePost().body()).isEqualTo(receiver.takePost().body());
			assertThat(this.emulator.awaitCallbackAttempts(Providers.MEMORIES, 2, Duration.ofSeconds(10)))
				.extracting(CallbackAttempt::status)
				.containsExactly(204, 409);
			assertThat(this.emulator.issuedTokens(Providers.MEMORIES)).isEqualTo(1);
		}
	}

	@Test
	void resetWhenCallbacksHeldThenHeldDeliveriesDropped() throws Exception {
		try (CallbackReceiver receiver = new CallbackReceiver()) {
			this.emulator.callbackMode(CallbackMode.HOLD);
			this.client.postJson(TOKEN_PATH, callbackBody(receiver.uri("/cb/memories?state=s1")));

			this.emulator.reset();
			this.emulator.releaseCallbacks();
			this.client.postJson(TOKEN_PATH, callbackBody(receiver.uri("/cb/memories?state=s2")));

			assertThat(receiver.takePost().query()).isEqualTo("state=s2");
			assertThat(this.emulator.callbackAttempts(Providers.MEMORIES)).extracting(CallbackAttempt::uri)
				.noneMatch((uri) -> uri.endsWith("state=s1"));
		}
	}

	private static String callbackBody(String callbackUri) {
		return "{\"clientId\":\"" + Credentials.MEMORIES_CLIENT_ID + "\",\"code\":\"" + Credentials.MEMORIES_CODE
				+ "\",\"callbackUri\":\"" + callbackUri + "\"}";
	}

	private String accessToken() {
		return EmulatorTestClient.json(this.client.postJson(TOKEN_PATH, VALID_BODY))
			.get("data")
			.get("accessToken")
			.stringValue();
	}

}
