package dev.tokenstarter.samples.emulator;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class GoogleJwtBearerEndpointsTests {

	private static final String TOKEN_PATH = "/google/token";

	private static final String API_PATH = "/google/v1/projects";

	private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-12-05T08:00:00Z"));

	private final long now = this.clock.instant().getEpochSecond();

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

	private String assertion(String scope, String audience, long iat, long exp) {
		return TestJwts.rs256(DemoKeys.GOOGLE_PRIVATE_KEY, "{\"alg\":\"RS256\",\"typ\":\"JWT\"}",
				"{\"iss\":\"" + Credentials.GOOGLE_SERVICE_ACCOUNT + "\",\"scope\":\"" + scope + "\",\"aud\":\""
						+ audience + "\",\"iat\":" + iat + ",\"exp\":" + exp + "}");
	}

	private String tokenUrl() {
		return this.emulator.baseUrl() + TOKEN_PATH;
	}

	private HttpResponse<String> token(String grantType, String assertion) {
		String form = "grant_type=" + URLEncoder.encode(grantType, StandardCharsets.UTF_8) + "&assertion="
				+ URLEncoder.encode(assertion, StandardCharsets.UTF_8);
		return this.client.post(TOKEN_PATH, form, "Content-Type", "application/x-www-form-urlencoded");
	}

	@Test
	void tokenWhenAssertionValidThenBearerTokenTheApiAccepts() {
		HttpResponse<String> response = token(GoogleJwtBearerEndpoints.JWT_BEARER,
				assertion(Credentials.GOOGLE_SCOPE, tokenUrl(), this.now, this.now + 3600));

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = EmulatorTestClient.json(response);
		assertThat(body.get("token_type").stringValue()).isEqualTo("Bearer");
		assertThat(body.get("expires_in").longValue()).isEqualTo(3600);
		String token = body.get("access_token").stringValue();
		assertThat(this.client.get(API_PATH, "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
		assertThat(this.client.get(API_PATH, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
	}

	@Test
	void tokenWhenAssertionWrongThenInvalidGrantNamingTheClaim() {
		assertInvalidGrant(assertion(Credentials.GOOGLE_SCOPE, "https://oauth2.googleapis.com/token", this.now,
				this.now + 600), "aud is not " + tokenUrl());
		assertInvalidGrant(assertion("https://www.googleapis.com/auth/other", tokenUrl(), this.now, this.now + 600),
				"scope is not " + Credentials.GOOGLE_SCOPE);
		assertInvalidGrant(assertion(Credentials.GOOGLE_SCOPE, tokenUrl(), this.now, this.now + 3601),
				"exp is more than 1 hour after iat");
		assertInvalidGrant(assertion(Credentials.GOOGLE_SCOPE, tokenUrl(), this.now + 120, this.now + 600),
				"iat is in the future");
		assertThat(this.emulator.issuedTokens(Providers.GOOGLE)).isZero();
	}

	@Test
	void tokenWhenOtherGrantTypeThenUnsupportedGrantType() {
		HttpResponse<String> response = token("client_credentials",
				assertion(Credentials.GOOGLE_SCOPE, tokenUrl(), this.now, this.now + 600));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(EmulatorTestClient.json(response).get("error").stringValue()).isEqualTo("unsupported_grant_type");
	}

	private void assertInvalidGrant(String assertion, String reason) {
		HttpResponse<String> response = token(GoogleJwtBearerEndpoints.JWT_BEARER, assertion);
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode body = EmulatorTestClient.json(response);
		assertThat(body.get("error").stringValue()).isEqualTo("invalid_grant");
		assertThat(body.get("error_description").stringValue()).isEqualTo("Invalid JWT: " + reason);
	}

}
