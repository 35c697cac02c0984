package dev.tokenstarter.samples.emulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class TokensMakeEndpointsTests {

	private static final String MAKE_PATH = "/tokens-make/tokens.make";

	private static final String REFRESH_PATH = "/tokens-make/tokens.refresh";

	private static final String API_PATH = "/tokens-make/api/v1/account";

	private static final String VALID_BODY = "{\"email\":\"" + Credentials.TOKENS_MAKE_EMAIL + "\",\"password\":\""
			+ Credentials.TOKENS_MAKE_PASSWORD + "\",\"appId\":\"" + Credentials.TOKENS_MAKE_APP_ID + "\"}";

	private static final String INVALID_TOKEN = "{\"success\":false,\"error\":{\"code\":\"ApiInvalidTokenError\","
			+ "\"message\":\"Invalid Token\"}}";

	private static final String INVALID_REFRESH_TOKEN = "{\"success\":false,\"error\":{\"code\":"
			+ "\"ApiInvalidRefreshTokenError\",\"message\":\"Invalid refresh token\"}}";

	private static final Instant START = Instant.parse("2025-01-15T10:00:00Z");

	private final MutableClock clock = MutableClock.startingAt(START);

	private ProviderEmulator emulator;

	private EmulatorTestClient client;

	@BeforeEach
	void startEmulator() {
		this.emulator = ProviderEmulator
			.start(EmulatorSettings.builder().clock(this.clock).dailyLimit(Providers.TOKENS_MAKE, 3).build());
		this.client = new EmulatorTestClient(this.emulator);
	}

	@AfterEach
	void closeEmulator() {
		this.emulator.close();
	}

	@Test
	void makeWhenCredentialsValidThenPairWithAbsoluteEndTimes() {
		HttpResponse<String> response = this.client.postJson(MAKE_PATH, VALID_BODY);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(EmulatorTestClient.contentType(response)).isEqualTo("application/json");
		JsonNode body = EmulatorTestClient.json(response);
		assertThat(body.get("accessToken").stringValue()).isNotBlank();
		assertThat(body.get("accessTokenEndTime").longValue())
			.isEqualTo(START.plus(Duration.ofHours(24)).getEpochSecond());
		assertThat(body.get("refreshToken").stringValue()).isNotBlank();
		assertThat(body.get("refreshTokenEndTime").longValue())
			.isEqualTo(START.plus(Duration.ofDays(14)).getEpochSecond());
		assertThat(this.emulator.issuedTokens(Providers.TOKENS_MAKE)).isEqualTo(1);
	}

	@Test
	void makeWhenPasswordWrongThenApiAuthErrorWithHttp200() {
		HttpResponse<String> response = this.client.postJson(MAKE_PATH, VALID_BODY.replace(
				Credentials.TOKENS_MAKE_PASSWORD, "wrong"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"success\":false,\"error\":{\"code\":\"ApiAuthError\","
				+ "\"message\":\"Invalid email, password or appId\"}}");
	}

	@Test
	void makeWhenDailyLimitReachedThenApiLimitErrorButRefreshStillWorks() {
		JsonNode pair = make();
		make();
		make();
		HttpResponse<String> limited = this.client.postJson(MAKE_PATH, VALID_BODY);
		assertThat(limited.statusCode()).isEqualTo(200);
		assertThat(limited.body()).isEqualTo(
				"{\"success\":false,\"error\":{\"code\":\"ApiLimitError\",\"message\":\"Token limit reached\"}}");
		JsonNode refreshed = refresh(pair.get("refreshToken").stringValue());
		assertThat(refreshed.get("accessToken").stringValue()).isNotBlank();
		assertThat(this.emulator.issuedTokens(Providers.TOKENS_MAKE)).isEqualTo(4);
	}

	@Test
	void refreshWhenTokenValidThenNewPairAndOldRefreshTokenRotatedOut() {
		JsonNode pair = make();
		String firstRefreshToken = pair.get("refreshToken").stringValue();
		this.clock.advance(Duration.ofHours(1));
		JsonNode refreshed = refresh(firstRefreshToken);
		assertThat(refreshed.get("accessToken").stringValue()).isNotEqualTo(pair.get("accessToken").stringValue());
		assertThat(refreshed.get("refreshToken").stringValue()).isNotEqualTo(firstRefreshToken);
		assertThat(refreshed.get("accessTokenEndTime").longValue())
			.isEqualTo(START.plus(Duration.ofHours(25)).getEpochSecond());
		HttpResponse<String> reused = this.client.postJson(REFRESH_PATH, refreshBody(firstRefreshToken));
		assertThat(reused.statusCode()).isEqualTo(200);
		assertThat(reused.body()).isEqualTo(INVALID_REFRESH_TOKEN);
		assertThat(refresh(refreshed.get("refreshToken").stringValue()).get("accessToken").stringValue()).isNotBlank();
		assertThat(this.emulator.tokenRequests(Providers.TOKENS_MAKE)).extracting(RecordedRequest::path)
			.containsExactly(MAKE_PATH, REFRESH_PATH, REFRESH_PATH, REFRESH_PATH);
	}

	@Test
	void refreshWhenRefreshTokenExpiredThenInvalidRefreshToken() {
		String refreshToken = make().get("refreshToken").stringValue();
		this.clock.advance(Duration.ofDays(14));
		assertThat(this.client.postJson(REFRESH_PATH, refreshBody(refreshToken)).body())
			.isEqualTo(INVALID_REFRESH_TOKEN);
	}

	@Test
	void refreshWhenTokenUnknownThenInvalidRefreshToken() {
		assertThat(this.client.postJson(REFRESH_PATH, refreshBody("unknown")).body()).isEqualTo(INVALID_REFRESH_TOKEN);
		assertThat(this.client.postJson(REFRESH_PATH, "{}").body()).isEqualTo(INVALID_REFRESH_TOKEN);
	}

	@Test
	void accountWhenBearerTokenValidThenSuccess() {
		HttpResponse<String> response = this.client.get(API_PATH, "Authorization",
				"Bearer " + make().get("accessToken").stringValue());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"success\":true,\"data\":{\"account\":\"demo\"}}");
	}

	@Test
	void accountWhenTokenExpiredThenInvalidTokenWithHttp200() {
		String token = make().get("accessToken").stringValue();
		this.clock.advance(Duration.ofHours(24));
		HttpResponse<String> response = this.client.get(API_PATH, "Authorization", "Bearer " + token);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(INVALID_TOKEN);
	}

	@Test
	void accountWhenTokenRevokedThenInvalidTokenUntilRefreshed() {
		JsonNode pair = make();
		this.emulator.revokeAccessTokens(Providers.TOKENS_MAKE);
		assertThat(this.client.get(API_PATH, "Authorization", "Bearer " + pair.get("accessToken").stringValue())
			.body()).isEqualTo(INVALID_TOKEN);
		String fresh = refresh(pair.get("refreshToken").stringValue()).get("accessToken").stringValue();
		assertThat(this.client.get(API_PATH, "Authorization", "Bearer " + fresh).body()).contains("\"success\":true");
	}

	@Test
	void accountWhenTokenFromAnotherProviderThenInvalidToken() {
		String memoriesToken = EmulatorTestClient.json(this.client.postJson("/memories/auth/api/token/getAccessToken",
				"{\"clientId\":\"" + Credentials.MEMORIES_CLIENT_ID + "\",\"code\":\"" + Credentials.MEMORIES_CODE
						+ "\"}"))
			.get("data")
			.get("accessToken")
			.stringValue();
		assertThat(this.client.get(API_PATH, "Authorization", "Bearer " + memoriesToken).body())
			.isEqualTo(INVALID_TOKEN);
	}

	private JsonNode make() {
		HttpResponse<String> response = this.client.postJson(MAKE_PATH, VALID_BODY);
		assertThat(response.body()).contains("accessToken");
		return EmulatorTestClient.json(response);
	}

	private JsonNode refresh(String refreshToken) {
		HttpResponse<String> response = this.client.postJson(REFRESH_PATH, refreshBody(refreshToken));
		assertThat(response.body()).contains("accessToken");
		return EmulatorTestClient.json(response);
	}

	private static String refreshBody(String refreshToken) {
		return "{\"refreshToken\":\"" + refreshToken + "\"}";
	}

}
