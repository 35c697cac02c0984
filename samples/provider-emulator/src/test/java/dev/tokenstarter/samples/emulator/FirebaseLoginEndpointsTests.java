package dev.tokenstarter.samples.emulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class FirebaseLoginEndpointsTests {

	private static final String LOGIN_PATH = "/firebase-login/auth/api/v1/accounts/login";

	private static final String TOKEN_PATH = "/firebase-login/auth/api/v1/accounts/token";

	private static final String API_PATH = "/firebase-login/api/v1/me";

	private static final String BASIC = EmulatorTestClient.basic(Credentials.FIREBASE_LOGIN_USERNAME,
			Credentials.FIREBASE_LOGIN_PASSWORD);

	private static final String SUSPENDED = "{\"detail\":\"Account suspended: too many token requests\"}";

	private static final Instant START = Instant.parse("2025-01-15T10:00:00Z");

	private final MutableClock clock = MutableClock.startingAt(START);

	private ProviderEmulator emulator;

	private EmulatorTestClient client;

	@BeforeEach
	void startEmulator() {
		this.emulator = ProviderEmulator
			.start(EmulatorSettings.builder().clock(this.clock).loginsBeforeSuspension(2).build());
		this.client = new EmulatorTestClient(this.emulator);
	}

	@AfterEach
	void closeEmulator() {
		this.emulator.close();
	}

	@Test
	void loginWhenCredentialsValidThenAccessAndRefreshWithoutExpiryField() {
		HttpResponse<String> response = this.client.post(LOGIN_PATH, null, "Authorization", BASIC);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(EmulatorTestClient.contentType(response)).isEqualTo("application/json");
		JsonNode body = EmulatorTestClient.json(response);
		assertThat(body.propertyNames()).containsExactly("access", "refresh");
		JsonNode payload = EmulatorTestClient.jwtPayload(body.get("access").stringValue());
		assertThat(payload.get("exp").longValue()).isEqualTo(START.plus(Duration.ofMinutes(45)).getEpochSecond());
		assertThat(payload.get("iat").longValue()).isEqualTo(START.getEpochSecond());
		assertThat(payload.get("sub").stringValue()).isEqualTo(Credentials.FIREBASE_LOGIN_USERNAME);
		assertThat(body.get("refresh").stringValue()).doesNotContain(".");
	}

	@Test
	void loginWhenPasswordWrongThen401() {
		HttpResponse<String> response = this.client.post(LOGIN_PATH, null, "Authorization",
				EmulatorTestClient.basic(Credentials.FIREBASE_LOGIN_USERNAME, "wrong"));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).isEqualTo("{\"detail\":\"Invalid credentials\"}");
	}

	@Test
	void loginWhenMoreLoginsThanToleratedWithinAnHourThenSuspendedUntilReset() {
		for (int i = 0; i < 3; i++) {
			assertThat(login().statusCode()).isEqualTo(200);
			this.clock.advance(Duration.ofMinutes(10));
		}
		HttpResponse<String> suspended = login();
		assertThat(suspended.statusCode()).isEqualTo(403);
		assertThat(EmulatorTestClient.contentType(suspended)).isEqualTo("application/json");
		assertThat(suspended.body()).isEqualTo(SUSPENDED);
		this.clock.advance(Duration.ofDays(1));
		assertThat(login().body()).isEqualTo(SUSPENDED);
		assertThat(this.emulator.issuedTokens(Providers.FIREBASE_LOGIN)).isEqualTo(3);
		this.emulator.reset();
		assertThat(login().statusCode()).isEqualTo(200);
	}

	@Test
	void loginWhenLoginsSpreadOverMoreThanAnHourThenNotSuspended() {
		for (int i = 0; i < 6; i++) {
			assertThat(login().statusCode()).isEqualTo(200);
			this.clock.advance(Duration.ofMinutes(31));
		}
	}

	@Test
	void tokenWhenRefreshValidThenNewAccessOnlyAndRefreshNotRotated() {
		JsonNode tokens = EmulatorTestClient.json(login());
		String refresh = tokens.get("refresh").stringValue();
		this.clock.advance(Duration.ofMinutes(50));
		HttpResponse<String> first = this.client.postJson(TOKEN_PATH, "{\"refresh\":\"" + refresh + "\"}");
		assertThat(first.statusCode()).isEqualTo(200);
		JsonNode body = EmulatorTestClient.json(first);
		assertThat(body.propertyNames()).containsExactly("access");
		assertThat(body.get("access").stringValue()).isNotEqualTo(tokens.get("access").stringValue());
		HttpResponse<String> second = this.client.postJson(TOKEN_PATH, "{\"refresh\":\"" + refresh + "\"}");
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(this.emulator.issuedTokens(Providers.FIREBASE_LOGIN)).isEqualTo(3);
	}

	@Test
	void tokenWhenRefreshUnknownOrExpiredThen401TokenNotValid() {
		String expected = "{\"detail\":\"Token is invalid or expired\",\"code\":\"token_not_valid\"}";
		HttpResponse<String> unknown = this.client.postJson(TOKEN_PATH, "{\"refresh\":\"unknown\"}");
		assertThat(unknown.statusCode()).isEqualTo(401);
		assertThat(unknown.body()).isEqualTo(expected);
		String refresh = EmulatorTestClient.json(login()).get("refresh").stringValue();
		this.clock.advance(Duration.ofDays(1));
		assertThat(this.client.postJson(TOKEN_PATH, "{\"refresh\":\"" + refresh + "\"}").body()).isEqualTo(expected);
	}

	@Test
	void tokenWhenRefreshFieldMissingThen400() {
		HttpResponse<String> response = this.client.postJson(TOKEN_PATH, "{}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("{\"refresh\":[\"This field is required.\"]}");
	}

	@Test
	void meWhenAccessValidThenSuccessAndWhenExpiredThen401() {
		String access = EmulatorTestClient.json(login()).get("access").stringValue();
		assertThat(this.client.get(API_PATH, "Authorization", "Bearer " + access).statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(45));
		HttpResponse<String> response = this.client.get(API_PATH, "Authorization", "Bearer " + access);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body())
			.isEqualTo("{\"detail\":\"Given token not valid for any token type\",\"code\":\"token_not_valid\"}");
	}

	@Test
	void meWhenAccessRevokedThen401ButRefreshStillWorks() {
		JsonNode tokens = EmulatorTestClient.json(login());
		this.emulator.revokeAccessTokens(Providers.FIREBASE_LOGIN);
		assertThat(this.client.get(API_PATH, "Authorization", "Bearer " + tokens.get("access").stringValue())
			.statusCode()).isEqualTo(401);
		String access = EmulatorTestClient
			.json(this.client.postJson(TOKEN_PATH, "{\"refresh\":\"" + tokens.get("refresh").stringValue() + "\"}"))
			.get("access")
			.stringValue();
		assertThat(this.client.get(API_PATH, "Authorization", "Bearer " + access).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> login() {
		return this.client.post(LOGIN_PATH, null, "Authorization", BASIC);
	}

}
