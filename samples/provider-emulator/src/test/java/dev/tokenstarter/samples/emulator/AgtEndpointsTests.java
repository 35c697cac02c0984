package dev.tokenstarter.samples.emulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class AgtEndpointsTests {

	private static final String TOKEN_PATH = "/agt/v1/api/oauth/token";

	private static final String API_PATH = "/agt/v1/api/accounts";

	private static final String BASIC = EmulatorTestClient.basic(Credentials.AGT_CLIENT_ID,
			Credentials.AGT_CLIENT_SECRET);

	private static final String UNAUTHORIZED = "[{\"detail\":\"Please refer to invalid-params for error details\","
			+ "\"errorCode\":\"240101\",\"instance\":\"/v1/api/oauth/token\",\"invalid-params\":"
			+ "[\"Invalid client credentials or scope\"],\"source\":\"AGT\",\"status\":401,"
			+ "\"title\":\"Unauthorized\"}]";

	private static final Instant START = Instant.parse("2025-01-15T10:00:00Z");

	private final MutableClock clock = MutableClock.startingAt(START);

	private ProviderEmulator emulator;

	private EmulatorTestClient client;

	@BeforeEach
	void startEmulator() {
		this.emulator = ProviderEmulator.start(EmulatorSettings.builder().clock(this.clock).build());
		this.client = new EmulatorTestClient(this.emulator);
	}

	@AfterEach
	void closeEmulator() {
		this.emulator.close();
	}

	@Test
	void tokenWhenCredentialsAndScopeValidThenExpiresInIsAbsoluteEpochSecond() {
		HttpResponse<String> response = this.client.post(TOKEN_PATH + "?scope=edit", null, "Authorization", BASIC);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(EmulatorTestClient.contentType(response)).isEqualTo("application/json");
		JsonNode body = EmulatorTestClient.json(response);
		long expiry = START.plus(Duration.ofHours(1)).getEpochSecond();
		assertThat(body.get("expires_in").longValue()).isEqualTo(expiry);
		assertThat(body.get("token_type").stringValue()).isEqualTo("Bearer");
		JsonNode payload = EmulatorTestClient.jwtPayload(body.get("access_token").stringValue());
		assertThat(payload.get("exp").longValue()).isEqualTo(expiry);
		assertThat(payload.get("scope").stringValue()).isEqualTo("edit");
		assertThat(payload.get("sub").stringValue()).isEqualTo(Credentials.AGT_CLIENT_ID);
	}

	@Test
	void tokenWhenRecordedThenQueryAndEmptyBodyAvailable() {
		this.client.post(TOKEN_PATH + "?scope=read", null, "Authorization", BASIC);
		RecordedRequest request = this.emulator.tokenRequests(Providers.AGT).get(0);
		assertThat(request.query()).isEqualTo("scope=read");
		assertThat(request.body()).isEmpty();
		assertThat(request.header("Authorization")).isEqualTo(BASIC);
	}

	@Test
	void tokenWhenSecretWrongThen401Array() {
		HttpResponse<String> response = this.client.post(TOKEN_PATH + "?scope=edit", null, "Authorization",
				EmulatorTestClient.basic(Credentials.AGT_CLIENT_ID, "wrong"));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(EmulatorTestClient.contentType(response)).isEqualTo("application/json");
		assertThat(response.body()).isEqualTo(UNAUTHORIZED);
	}

	@Test
	void tokenWhenScopeMissingOrUnknownThen401Array() {
		assertThat(this.client.post(TOKEN_PATH, null, "Authorization", BASIC).body()).isEqualTo(UNAUTHORIZED);
		assertThat(this.client.post(TOKEN_PATH + "?scope=admin", null, "Authorization", BASIC).statusCode())
			.isEqualTo(401);
	}

	@Test
	void tokenWhenAuthorizationMissingThen401Array() {
		assertThat(this.client.post(TOKEN_PATH + "?scope=edit", null).body()).isEqualTo(UNAUTHORIZED);
	}

	@Test
	void tokenWhenBodyNotEmptyThen400Array() {
		HttpResponse<String> response = this.client.postJson(TOKEN_PATH + "?scope=edit", "{}", "Authorization",
				BASIC);
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = EmulatorTestClient.json(response).get(0);
		assertThat(problem.get("errorCode").stringValue()).isEqualTo("240100");
		assertThat(problem.get("status").intValue()).isEqualTo(400);
	}

	@Test
	void accountsWhenTokenValidThenSuccessAndWhenExpiredThen401Array() {
		String jwt = EmulatorTestClient
			.json(this.client.post(TOKEN_PATH + "?scope=read", null, "Authorization", BASIC))
			.get("access_token")
			.stringValue();
		assertThat(this.client.get(API_PATH, "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofHours(1));
		HttpResponse<String> response = this.client.get(API_PATH, "Authorization", "Bearer " + jwt);
		assertThat(response.statusCode()).isEqualTo(401);
		JsonNode problem = EmulatorTestClient.json(response).get(0);
		assertThat(problem.get("errorCode").stringValue()).isEqualTo("240102");
		assertThat(problem.get("instance").stringValue()).isEqualTo("/v1/api/accounts");
	}

}
