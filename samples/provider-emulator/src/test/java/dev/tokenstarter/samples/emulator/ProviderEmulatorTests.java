package dev.tokenstarter.samples.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ProviderEmulatorTests {

	private static final String MENTION_ME_TOKEN_PATH = "/mention-me/api/oauth/token";

	private static final String MENTION_ME_BODY = "{\"client_id\":\"" + Credentials.MENTION_ME_CLIENT_ID
			+ "\",\"client_secret\":\"" + Credentials.MENTION_ME_CLIENT_SECRET
			+ "\",\"grant_type\":\"client_credentials\"}";

	private static final String MEMORIES_TOKEN_PATH = "/memories/auth/api/token/getAccessToken";

	private static final String MEMORIES_BODY = "{\"clientId\":\"" + Credentials.MEMORIES_CLIENT_ID
			+ "\",\"code\":\"" + Credentials.MEMORIES_CODE + "\"}";

	private final MutableClock clock = MutableClock.startingAt(Instant.parse("2025-01-15T10:00:00Z"));

	private ProviderEmulator emulator;

	private EmulatorTestClient client;

	@BeforeEach
	void startEmulator() {
		this.emulator = ProviderEmulator
			.start(EmulatorSettings.builder().clock(this.clock).dailyLimit(Providers.MEMORIES, 1).build());
		this.client = new EmulatorTestClient(this.emulator);
	}

	@AfterEach
	void closeEmulator() {
		this.emulator.close();
	}

	@Test
	void startWhenPortZeroThenBindsFreeLoopbackPort() {
		assertThat(this.emulator.port()).isPositive();
		assertThat(this.emulator.baseUrl()).isEqualTo("http://127.0.0.1:" + this.emulator.port());
	}

	@Test
	void startWhenPortTakenThenUncheckedIOExceptionNamingIt() {
		EmulatorSettings taken = EmulatorSettings.builder().port(this.emulator.port()).build();
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> ProviderEmulator.start(taken))
			.withMessageContaining(String.valueOf(this.emulator.port()));
	}

	@Test
	void requestWhenPathUnknownThen404Json() {
		List<String> paths = List.of("/", "/nope", "/memories/auth/api/token/getAccessToken/",
				"/agt/v2/api/oauth/token");
		for (String path : paths) {
			HttpResponse<String> response = this.client.get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(404);
			assertThat(EmulatorTestClient.contentType(response)).isEqualTo("application/json");
			assertThat(EmulatorTestClient.json(response).get("error").stringValue()).isEqualTo("not_found");
		}
		assertThat(Providers.all()).allSatisfy((provider) -> {
			assertThat(this.emulator.tokenRequests(provider)).isEmpty();
			assertThat(this.emulator.apiRequests(provider)).isEmpty();
		});
	}

	@Test
	void requestWhenMethodWrongThen405JsonAndStillRecorded() {
		HttpResponse<String> response = this.client.get(MENTION_ME_TOKEN_PATH);
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(EmulatorTestClient.contentType(response)).isEqualTo("application/json");
		assertThat(response.headers().firstValue("Allow")).hasValue("POST");
		assertThat(this.emulator.tokenRequests(Providers.MENTION_ME)).extracting(RecordedRequest::method)
			.containsExactly("GET");
	}

	@Test
	void failNextTokenRequestsWhenQueuedThenHtmlErrorsBeforeRealResponse() {
		this.emulator.failNextTokenRequests(Providers.MENTION_ME, 2, 503);
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> failed = this.client.postJson(MENTION_ME_TOKEN_PATH, MENTION_ME_BODY);
			assertThat(failed.statusCode()).isEqualTo(503);
			assertThat(EmulatorTestClient.contentType(failed)).isEqualTo("text/html");
			assertThat(failed.body()).isEqualTo("<html>Service Unavailable</html>");
		}
		assertThat(this.client.postJson(MENTION_ME_TOKEN_PATH, MENTION_ME_BODY).statusCode()).isEqualTo(200);
		assertThat(this.emulator.tokenRequestCount(Providers.MENTION_ME)).isEqualTo(3);
		assertThat(this.emulator.issuedTokens(Providers.MENTION_ME)).isEqualTo(1);
	}

	@Test
	void failNextTokenRequestsWhenQueuedForOneProviderThenOthersUnaffected() {
		this.emulator.failNextTokenRequests(Providers.MENTION_ME, 1, 502);
		assertThat(this.client.postJson(MEMORIES_TOKEN_PATH, MEMORIES_BODY).statusCode()).isEqualTo(200);
		HttpResponse<String> failed = this.client.postJson(MENTION_ME_TOKEN_PATH, MENTION_ME_BODY);
		assertThat(failed.statusCode()).isEqualTo(502);
		assertThat(failed.body()).isEqualTo("<html>Bad Gateway</html>");
	}

	@Test
	void respondNextTokenRequestWithWhenTruncatedJsonQueuedThenServedOnceVerbatim() {
		this.emulator.respondNextTokenRequestWith(Providers.MENTION_ME, 200, "application/json",
				"{\"access_token\":\"abc");
		HttpResponse<String> truncated = this.client.postJson(MENTION_ME_TOKEN_PATH, MENTION_ME_BODY);
		assertThat(truncated.statusCode()).isEqualTo(200);
		assertThat(EmulatorTestClient.contentType(truncated)).isEqualTo("application/json");
		assertThat(truncated.body()).isEqualTo("{\"access_token\":\"abc");
		assertThat(EmulatorTestClient.json(this.client.postJson(MENTION_ME_TOKEN_PATH, MENTION_ME_BODY))
			.has("access_token")).isTrue();
	}

	@Test
	void respondNextTokenRequestWithWhenQueuedAfterFailureThenServedInOrder() {
		this.emulator.failNextTokenRequests(Providers.MEMORIES, 1, 500);
		this.emulator.respondNextTokenRequestWith(Providers.MEMORIES, 200, "text/html", "<html>login</html>");
		assertThat(this.client.postJson(MEMORIES_TOKEN_PATH, MEMORIES_BODY).statusCode()).isEqualTo(500);
		assertThat(this.client.postJson(MEMORIES_TOKEN_PATH, MEMORIES_BODY).body()).isEqualTo("<html>login</html>");
		assertThat(EmulatorTestClient.json(this.client.postJson(MEMORIES_TOKEN_PATH, MEMORIES_BODY))
			.get("code")
			.stringValue()).isEqualTo("0000");
	}

	@Test
	void failNextTokenRequestsWhenQueuedThenProtectedApiUnaffected() {
		String token = EmulatorTestClient.json(this.client.postJson(MEMORIES_TOKEN_PATH, MEMORIES_BODY))
			.get("data")
			.get("accessToken")
			.stringValue();
		this.emulator.failNextTokenRequests(Providers.MEMORIES, 1, 503);
		assertThat(this.client.get("/memories/api/v1/videos", "Authorization", token).statusCode()).isEqualTo(200);
	}

	@Test
	void failNextTokenRequestsWhenArgumentsInvalidThenThrows() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.emulator.failNextTokenRequests(Providers.AGT, 1, 42))
			.withMessageContaining("42");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.emulator.failNextTokenRequests(Providers.AGT, -1, 503))
			.withMessageContaining("-1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.emulator.respondNextTokenRequestWith("unknown", 200, null, null))
			.withMessageContaining("'unknown'");
	}

	@Test
	void resetWhenCalledThenRecordingsTokensQuotasAndScriptsForgotten() {
		String token = EmulatorTestClient.json(this.client.postJson(MEMORIES_TOKEN_PATH, MEMORIES_BODY))
			.get("data")
			.get("accessToken")
			.stringValue();
		assertThat(EmulatorTestClient.json(this.client.postJson(MEMORIES_TOKEN_PATH, MEMORIES_BODY))
			.get("code")
			.stringValue()).isEqualTo("1429");
		this.client.get("/memories/api/v1/videos", "Authorization", token);
		this.emulator.failNextTokenRequests(Providers.MEMORIES, 1, 503);
		this.emulator.reset();
		assertThat(this.emulator.tokenRequests(Providers.MEMORIES)).isEmpty();
		assertThat(this.emulator.apiRequests(Providers.MEMORIES)).isEmpty();
		assertThat(this.emulator.issuedTokens(Providers.MEMORIES)).isZero();
		assertThat(this.client.get("/memories/api/v1/videos", "Authorization", token).statusCode()).isEqualTo(401);
		assertThat(EmulatorTestClient.json(this.client.postJson(MEMORIES_TOKEN_PATH, MEMORIES_BODY))
			.get("code")
			.stringValue()).isEqualTo("0000");
	}

	@Test
	void tokenRequestsWhenProviderUnknownThenThrows() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.emulator.tokenRequests("yahoo"))
			.withMessageContaining("'yahoo'");
	}

	@Test
	void tokenRequestWhenManyConcurrentCallersWithLatencyThenAllServedWithUniqueTokens() throws Exception {
		try (ProviderEmulator slow = ProviderEmulator
			.start(EmulatorSettings.builder().latency(Duration.ofMillis(20)).build())) {
			EmulatorTestClient slowClient = new EmulatorTestClient(slow);
			HttpRequest request = slowClient.request(MENTION_ME_TOKEN_PATH, "Content-Type", "application/json")
				.POST(BodyPublishers.ofString(MENTION_ME_BODY))
				.build();
			List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
			for (int i = 0; i < 500; i++) {
				responses.add(slowClient.httpClient().sendAsync(request, BodyHandlers.ofString()));
			}
			CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			Set<String> tokens = new HashSet<>();
			for (CompletableFuture<HttpResponse<String>> response : responses) {
				assertThat(response.get().statusCode()).isEqualTo(200);
				JsonNode body = EmulatorTestClient.json(response.get());
				tokens.add(body.get("access_token").stringValue());
			}
			assertThat(tokens).hasSize(500);
			assertThat(slow.issuedTokens(Providers.MENTION_ME)).isEqualTo(500);
			assertThat(slow.tokenRequestCount(Providers.MENTION_ME)).isEqualTo(500);
		}
	}

	@Test
	void issuedTokenValuesWhenTokensIssuedThenAccessAndRefreshTokensOfThatProviderOnly() {
		JsonNode memories = EmulatorTestClient.json(this.client.postJson(MEMORIES_TOKEN_PATH, MEMORIES_BODY))
			.get("data");
		JsonNode mentionMe = EmulatorTestClient.json(this.client.postJson(MENTION_ME_TOKEN_PATH, MENTION_ME_BODY));
		this.emulator.revokeAccessTokens(Providers.MEMORIES);
		assertThat(this.emulator.issuedTokenValues(Providers.MEMORIES)).containsExactlyInAnyOrder(
				memories.get("accessToken").stringValue(), memories.get("refreshToken").stringValue());
		assertThat(this.emulator.issuedTokenValues(Providers.MENTION_ME))
			.containsExactly(mentionMe.get("access_token").stringValue());
		assertThat(this.emulator.issuedTokenValues(Providers.AGT)).isEmpty();
	}

	@Test
	void closeWhenCalledThenPortReleasedAndSecondCallIgnored() throws IOException {
		int port = this.emulator.port();
		this.emulator.close();
		this.emulator.close();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> new Socket(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), port).close());
	}

}
