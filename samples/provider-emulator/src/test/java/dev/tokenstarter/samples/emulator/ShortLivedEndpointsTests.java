package dev.tokenstarter.samples.emulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ShortLivedEndpointsTests {

	private static final String TOKEN_PATH = "/short-lived/oauth/token";

	private static final String API_PATH = "/short-lived/api/v1/status";

	private static final String VALID_BODY = "{\"client_id\":\"" + Credentials.SHORT_LIVED_CLIENT_ID
			+ "\",\"client_secret\":\"" + Credentials.SHORT_LIVED_CLIENT_SECRET + "\"}";

	private final MutableClock clock = MutableClock.startingAt(Instant.parse("2025-01-15T10:00:00Z"));

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
	void tokenWhenCredentialsValidThenTwentySecondBearerToken() {
		HttpResponse<String> response = this.client.postJson(TOKEN_PATH, VALID_BODY);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = EmulatorTestClient.json(response);
		assertThat(body.get("expires_in").longValue()).isEqualTo(20);
		assertThat(body.get("token_type").stringValue()).isEqualTo("Bearer");
		assertThat(body.get("access_token").stringValue()).isNotBlank();
		assertThat(this.emulator.issuedTokens(Providers.SHORT_LIVED)).isEqualTo(1);
	}

	@Test
	void tokenWhenSecretWrongThen401() {
		HttpResponse<String> response = this.client.postJson(TOKEN_PATH,
				VALID_BODY.replace(Credentials.SHORT_LIVED_CLIENT_SECRET, "wrong"));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).isEqualTo("{\"error\":\"invalid_client\"}");
		assertThat(this.emulator.issuedTokens(Providers.SHORT_LIVED)).isZero();
	}

	@Test
	void statusWhenTokenFreshThenOkAndAfterTwentySecondsThen401() {
		String token = EmulatorTestClient.json(this.client.postJson(TOKEN_PATH, VALID_BODY))
			.get("access_token")
			.stringValue();
		this.clock.advance(Duration.ofSeconds(20).minusMillis(1));
		HttpResponse<String> fresh = this.client.get(API_PATH, "Authorization", "Bearer " + token);
		assertThat(fresh.statusCode()).isEqualTo(200);
		assertThat(fresh.body()).isEqualTo("{\"status\":\"ok\"}");
		this.clock.advance(Duration.ofMillis(1));
		HttpResponse<String> expired = this.client.get(API_PATH, "Authorization", "Bearer " + token);
		assertThat(expired.statusCode()).isEqualTo(401);
		assertThat(expired.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
	}

}
