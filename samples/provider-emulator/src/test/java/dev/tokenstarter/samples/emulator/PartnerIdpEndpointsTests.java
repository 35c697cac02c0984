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

class PartnerIdpEndpointsTests {

	private static final String TOKEN_PATH = "/partner-idp/oauth2/token";

	private static final String API_PATH = "/partner-idp/api/reports";

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

	private String assertion(String subject, String audience, String jti, long exp) {
		return TestJwts.rs256(DemoKeys.PARTNER_IDP_PRIVATE_KEY, "{\"alg\":\"RS256\",\"typ\":\"JWT\"}",
				"{\"iss\":\"" + Credentials.PARTNER_IDP_CLIENT_ID + "\",\"sub\":\"" + subject + "\",\"aud\":\""
						+ audience + "\",\"jti\":\"" + jti + "\",\"iat\":" + this.now + ",\"exp\":" + exp + "}");
	}

	private String tokenUrl() {
		return this.emulator.baseUrl() + TOKEN_PATH;
	}

	private HttpResponse<String> token(String assertion) {
		String form = "grant_type=client_credentials&client_assertion_type="
				+ URLEncoder.encode(PartnerIdpEndpoints.CLIENT_ASSERTION_TYPE, StandardCharsets.UTF_8)
				+ "&client_assertion=" + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
		return this.client.post(TOKEN_PATH, form, "Content-Type", "application/x-www-form-urlencoded");
	}

	@Test
	void tokenWhenClientAssertionValidThenBearerTokenTheApiAccepts() {
		HttpResponse<String> response = token(
				assertion(Credentials.PARTNER_IDP_CLIENT_ID, tokenUrl(), "jti-1", this.now + 120));

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = EmulatorTestClient.json(response);
		String token = body.get("access_token").stringValue();
		assertThat(this.client.get(API_PATH, "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
		assertThat(this.client.get(API_PATH, "Authorization", "Bearer other").statusCode()).isEqualTo(401);
	}

	@Test
	void tokenWhenClientAssertionWrongOrReplayedThenInvalidClientNamingWhy() {
		assertThat(token(assertion(Credentials.PARTNER_IDP_CLIENT_ID, tokenUrl(), "jti-2", this.now + 120))
			.statusCode()).isEqualTo(200);

		assertInvalidClient(assertion(Credentials.PARTNER_IDP_CLIENT_ID, tokenUrl(), "jti-2", this.now + 120),
				"jti is missing or was used before");
		assertInvalidClient(assertion("someone-else", tokenUrl(), "jti-3", this.now + 120),
				"sub is not " + Credentials.PARTNER_IDP_CLIENT_ID);
		assertInvalidClient(assertion(Credentials.PARTNER_IDP_CLIENT_ID, "https://idp.example/token", "jti-4",
				this.now + 120), "aud is not " + tokenUrl());
		assertInvalidClient(assertion(Credentials.PARTNER_IDP_CLIENT_ID, tokenUrl(), "jti-5", this.now + 301),
				"exp is more than 5 minutes after iat");
		assertThat(this.emulator.issuedTokens(Providers.PARTNER_IDP)).isEqualTo(1);
	}

	private void assertInvalidClient(String assertion, String reason) {
		HttpResponse<String> response = token(assertion);
		assertThat(response.statusCode()).isEqualTo(401);
		JsonNode body = EmulatorTestClient.json(response);
		assertThat(body.get("error").stringValue()).isEqualTo("invalid_client");
		assertThat(body.get("error_description").stringValue()).isEqualTo("Invalid client assertion: " + reason);
	}

}
