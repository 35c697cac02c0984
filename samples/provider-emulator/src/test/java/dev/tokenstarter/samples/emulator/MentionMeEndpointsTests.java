package dev.tokenstarter.samples.emulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class MentionMeEndpointsTests {

	private static final String TOKEN_PATH = "/mention-me/api/oauth/token";

	private static final String API_PATH = "/mention-me/api/v2/customers";

	private static final String VALID_BODY = "{\"client_id\":\"" + Credentials.MENTION_ME_CLIENT_ID
			+ "\",\"client_secret\":\"" + Credentials.MENTION_ME_CLIENT_SECRET
			+ "\",\"grant_type\":\"client_credentials\"}";

	private static final Instant START = Instant.parse("2025-01-15T10:00:00Z");

	private final MutableClock clock = MutableClock.startingAt(START);

	private ProviderEmulator emulator;

	private EmulatorTestClient client;

	@BeforeEach
	void startEmulator() {
		this.emulator = ProviderEmulator.start(EmulatorSettings.builder()
			.clock(this.clock)
			.accessTokenLifetime(Providers.MENTION_ME, Duration.ofMinutes(10))
			.build());
		this.client = new EmulatorTestClient(this.emulator);
	}

	@AfterEach
	void closeEmulator() {
		this.emulator.close();
	}

	@Test
	void tokenWhenCredentialsValidThenJwtWithRelativeExpiry() {
		HttpResponse<String> response = this.client.postJson(TOKEN_PATH, VALID_BODY);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(EmulatorTestClient.contentType(response)).isEqualTo("application/json");
		JsonNode body = EmulatorTestClient.json(response);
		assertThat(body.get("expires_in").longValue()).isEqualTo(600);
		assertThat(body.get("token_type").stringValue()).isEqualTo("bearer");
		String jwt = body.get("access_token").stringValue();
		assertThat(jwt.split("\\.")).hasSize(3);
		assertThat(EmulatorTestClient.jwtHeader(jwt).toString()).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
		JsonNode payload = EmulatorTestClient.jwtPayload(jwt);
		assertThat(payload.get("sub").stringValue()).isEqualTo(Credentials.MENTION_ME_CLIENT_ID);
		assertThat(payload.get("iat").longValue()).isEqualTo(START.getEpochSecond());
		assertThat(payload.get("exp").longValue()).isEqualTo(START.getEpochSecond() + 600);
		assertThat(payload.get("jti").stringValue()).isNotBlank();
		assertThat(payload.get("scope").stringValue()).isEqualTo("customers:list");
	}

	@Test
	void tokenWhenSecretWrongThen401InvalidClient() {
		HttpResponse<String> response = this.client.postJson(TOKEN_PATH,
				VALID_BODY.replace(Credentials.MENTION_ME_CLIENT_SECRET, "wrong"));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(EmulatorTestClient.contentType(response)).isEqualTo("application/json");
		assertThat(response.body())
			.isEqualTo("{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
	}

	@Test
	void tokenWhenSentAsFormThen415() {
		HttpResponse<String> response = this.client.post(TOKEN_PATH,
				"client_id=" + Credentials.MENTION_ME_CLIENT_ID + "&client_secret="
						+ Credentials.MENTION_ME_CLIENT_SECRET + "&grant_type=client_credentials",
				"Content-Type", "application/x-www-form-urlencoded");
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(EmulatorTestClient.contentType(response)).isEqualTo("application/json");
		assertThat(EmulatorTestClient.json(response).get("error").stringValue()).isEqualTo("unsupported_media_type");
	}

	@Test
	void tokenWhenContentTypeHasCharsetThenAccepted() {
		HttpResponse<String> response = this.client.post(TOKEN_PATH, VALID_BODY, "Content-Type",
				"application/json; charset=UTF-8");
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void tokenWhenGrantTypeWrongThen400() {
		HttpResponse<String> response = this.client.postJson(TOKEN_PATH,
				VALID_BODY.replace("client_credentials", "password"));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(EmulatorTestClient.json(response).get("error").stringValue()).isEqualTo("unsupported_grant_type");
	}

	@Test
	void customersWhenTokenValidThenSuccessAndWhenExpiredThen401() {
		String jwt = EmulatorTestClient.json(this.client.postJson(TOKEN_PATH, VALID_BODY))
			.get("access_token")
			.stringValue();
		assertThat(this.client.get(API_PATH, "Authorization", "Bearer " + jwt).statusCode()).isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(10));
		HttpResponse<String> response = this.client.get(API_PATH, "Authorization", "Bearer " + jwt);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).isEqualTo("{\"error\":\"invalid_token\"}");
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
	}

	@Test
	void customersWhenJwtForgedThen401() {
		String jwt = EmulatorTestClient.json(this.client.postJson(TOKEN_PATH, VALID_BODY))
			.get("access_token")
			.stringValue();
		String forged = jwt.substring(0, jwt.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
		assertThat(this.client.get(API_PATH, "Authorization", "Bearer " + forged).statusCode()).isEqualTo(401);
	}

}
