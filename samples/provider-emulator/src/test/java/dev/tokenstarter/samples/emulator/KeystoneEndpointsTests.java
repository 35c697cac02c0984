package dev.tokenstarter.samples.emulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class KeystoneEndpointsTests {

	private static final String VALID_BODY = "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":"
			+ "{\"user\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"},\"password\":\"ks-p\\\"ss\\\\w0rd\"}}}}}";

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
	void tokenWhenNestedPasswordLoginThen201WithSubjectTokenHeaderAndIsoExpiry() {
		HttpResponse<String> response = this.client.postJson(KeystoneEndpoints.TOKEN_PATH, VALID_BODY);

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.headers().firstValue("X-Subject-Token")).hasValueSatisfying((token) -> assertThat(token)
			.isNotBlank());
		JsonNode body = EmulatorTestClient.json(response);
		assertThat(body.at("/token/expires_at").stringValue()).isEqualTo("2025-01-15T11:00:00.000000Z");
		assertThat(body.at("/token/methods/0").stringValue()).isEqualTo("password");
		assertThat(this.emulator.issuedTokens(Providers.KEYSTONE)).isEqualTo(1);
	}

	@Test
	void tokenWhenPasswordWrongOrMethodsNotAListThen401WithoutToken() {
		HttpResponse<String> wrongPassword = this.client.postJson(KeystoneEndpoints.TOKEN_PATH,
				VALID_BODY.replace("w0rd", "word"));
		HttpResponse<String> flatMethods = this.client.postJson(KeystoneEndpoints.TOKEN_PATH,
				VALID_BODY.replace("[\"password\"]", "\"password\""));

		assertThat(wrongPassword.statusCode()).isEqualTo(401);
		assertThat(flatMethods.statusCode()).isEqualTo(401);
		assertThat(wrongPassword.headers().firstValue("X-Subject-Token")).isEmpty();
		assertThat(EmulatorTestClient.json(wrongPassword).at("/error/title").stringValue()).isEqualTo("Unauthorized");
		assertThat(this.emulator.issuedTokens(Providers.KEYSTONE)).isZero();
	}

	@Test
	void projectsWhenAuthTokenFreshThenOkAndAfterAnHourThen401() {
		String token = this.client.postJson(KeystoneEndpoints.TOKEN_PATH, VALID_BODY)
			.headers()
			.firstValue("X-Subject-Token")
			.orElseThrow();

		HttpResponse<String> bearer = this.client.get(KeystoneEndpoints.API_PATH, "Authorization", "Bearer " + token);
		HttpResponse<String> fresh = this.client.get(KeystoneEndpoints.API_PATH, "X-Auth-Token", token);
		this.clock.advance(Duration.ofHours(1));
		HttpResponse<String> expired = this.client.get(KeystoneEndpoints.API_PATH, "X-Auth-Token", token);

		assertThat(bearer.statusCode()).isEqualTo(401);
		assertThat(fresh.statusCode()).isEqualTo(200);
		assertThat(fresh.body()).isEqualTo("{\"projects\":[{\"name\":\"demo\"}]}");
		assertThat(expired.statusCode()).isEqualTo(401);
	}

}
