package dev.tokenstarter.samples.emulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GitHubClassicEndpointsTests {

	private static final String FORM = "application/x-www-form-urlencoded";

	private static final String VALID_BODY = "client_id=Iv1.8a61f9b3a7aba766&client_secret=gh-s3cret%26x%3D1"
			+ "&code=gh-code-1f2e";

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
	void tokenWhenCredentialsAndCodeValidThenFormEncodedTokenOn200() {
		HttpResponse<String> response = this.client.post(GitHubClassicEndpoints.TOKEN_PATH, VALID_BODY,
				"Content-Type", FORM);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(EmulatorTestClient.contentType(response)).startsWith(FORM);
		Map<String, String> fields = GitHubClassicEndpoints.form(response.body());
		assertThat(fields).containsEntry("token_type", "bearer").containsEntry("expires_in", "28800");
		assertThat(fields.get("access_token")).startsWith("gho_");
		assertThat(this.emulator.issuedTokens(Providers.GITHUB_CLASSIC)).isEqualTo(1);
	}

	@Test
	void tokenWhenCodeWrongOrSecretWrongThenFormEncodedErrorOn200() {
		HttpResponse<String> badCode = this.client.post(GitHubClassicEndpoints.TOKEN_PATH,
				VALID_BODY.replace("gh-code-1f2e", "used"), "Content-Type", FORM);
		HttpResponse<String> badSecret = this.client.post(GitHubClassicEndpoints.TOKEN_PATH,
				VALID_BODY.replace("%26x", ""), "Content-Type", FORM);

		assertThat(badCode.statusCode()).isEqualTo(200);
		assertThat(GitHubClassicEndpoints.form(badCode.body())).containsEntry("error", "bad_verification_code")
			.containsEntry("error_description", "The code passed is incorrect or expired.")
			.doesNotContainKey("access_token");
		assertThat(badSecret.statusCode()).isEqualTo(200);
		assertThat(GitHubClassicEndpoints.form(badSecret.body())).containsEntry("error",
				"incorrect_client_credentials");
		assertThat(this.emulator.issuedTokens(Providers.GITHUB_CLASSIC)).isZero();
	}

	@Test
	void userWhenBearerTokenFreshThenOkAndAfterEightHoursThen401() {
		String token = GitHubClassicEndpoints
			.form(this.client.post(GitHubClassicEndpoints.TOKEN_PATH, VALID_BODY, "Content-Type", FORM).body())
			.get("access_token");

		HttpResponse<String> fresh = this.client.get(GitHubClassicEndpoints.API_PATH, "Authorization",
				"Bearer " + token);
		this.clock.advance(Duration.ofHours(8));
		HttpResponse<String> expired = this.client.get(GitHubClassicEndpoints.API_PATH, "Authorization",
				"Bearer " + token);

		assertThat(fresh.statusCode()).isEqualTo(200);
		assertThat(fresh.body()).isEqualTo("{\"login\":\"octocat\"}");
		assertThat(expired.statusCode()).isEqualTo(401);
	}

}
