package dev.tokenstarter.samples.emulator;

import java.net.http.HttpResponse;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class GitHubAppEndpointsTests {

	private static final String TOKEN_PATH = "/github-app/app/installations/4242/access_tokens";

	private static final String API_PATH = "/github-app/installation/repositories";

	private static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";

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

	private String appJwt(String issuer, long iat, long exp) {
		return TestJwts.rs256(DemoKeys.GITHUB_APP_PRIVATE_KEY, HEADER,
				"{\"iss\":\"" + issuer + "\",\"iat\":" + iat + ",\"exp\":" + exp + "}");
	}

	@Test
	void accessTokenWhenJwtSignedByTheAppThen201WithTokenAndIsoExpiryUsableAsTokenScheme() {
		HttpResponse<String> response = this.client.post(TOKEN_PATH, null, "Authorization",
				"Bearer " + appJwt("123456", this.now - 60, this.now + 540));

		assertThat(response.statusCode()).isEqualTo(201);
		JsonNode body = EmulatorTestClient.json(response);
		assertThat(body.get("expires_at").stringValue()).isEqualTo("2026-12-05T09:00:00Z");
		String token = body.get("token").stringValue();
		assertThat(token).startsWith("ghs_");
		assertThat(this.client.get(API_PATH, "Authorization", "token " + token).statusCode()).isEqualTo(200);
		assertThat(this.client.get(API_PATH, "Authorization", "Bearer " + token).statusCode()).isEqualTo(401);
		assertThat(this.emulator.tokenRequestCount(Providers.GITHUB_APP)).isEqualTo(1);
	}

	@Test
	void accessTokenWhenSignedWithAnotherKeyThen401() {
		String jwt = TestJwts.rs256(DemoKeys.GOOGLE_PRIVATE_KEY, HEADER,
				"{\"iss\":\"123456\",\"iat\":" + this.now + ",\"exp\":" + (this.now + 300) + "}");

		HttpResponse<String> response = this.client.post(TOKEN_PATH, null, "Authorization", "Bearer " + jwt);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("signature does not verify");
		assertThat(this.emulator.issuedTokens(Providers.GITHUB_APP)).isZero();
	}

	@Test
	void accessTokenWhenClaimsWrongThen401NamingTheClaim() {
		assertRefused(appJwt("654321", this.now, this.now + 300), "iss is not 123456");
		assertRefused(appJwt("123456", this.now, this.now + 601), "exp is more than 10 minutes after iat");
		assertRefused(appJwt("123456", this.now - 600, this.now), "exp has passed");
		assertRefused(null, "no JWT");
	}

	private void assertRefused(String jwt, String reason) {
		HttpResponse<String> response = (jwt != null)
				? this.client.post(TOKEN_PATH, null, "Authorization", "Bearer " + jwt)
				: this.client.post(TOKEN_PATH, null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains(reason);
		assertThat(this.emulator.issuedTokens(Providers.GITHUB_APP)).isZero();
	}

}
