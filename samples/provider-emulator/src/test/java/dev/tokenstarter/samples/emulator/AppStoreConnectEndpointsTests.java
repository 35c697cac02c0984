package dev.tokenstarter.samples.emulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AppStoreConnectEndpointsTests {

	private static final String API_PATH = "/app-store/v1/apps";

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

	private static String jwt(String kid, String audience, long iat, long exp) {
		return TestJwts.es256(DemoKeys.APP_STORE_PRIVATE_KEY,
				"{\"alg\":\"ES256\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}", "{\"iss\":\""
						+ Credentials.APP_STORE_ISSUER_ID + "\",\"aud\":\"" + audience + "\",\"iat\":" + iat + ",\"exp\":"
						+ exp + "}");
	}

	private HttpResponse<String> apps(String jwt) {
		return this.client.get(API_PATH, "Authorization", "Bearer " + jwt);
	}

	@Test
	void appsWhenSelfSignedEs256JwtValidThen200UntilRevoked() {
		String jwt = jwt("2X9R4HXF34", "appstoreconnect-v1", this.now, this.now + 1200);

		assertThat(apps(jwt).statusCode()).isEqualTo(200);
		assertThat(apps(jwt).statusCode()).isEqualTo(200);
		assertThat(this.emulator.issuedTokens(Providers.APP_STORE)).isEqualTo(1);
		this.emulator.revokeAccessTokens(Providers.APP_STORE);
		assertThat(apps(jwt).body()).contains("the token was revoked");
		assertThat(this.emulator.tokenRequestCount(Providers.APP_STORE)).isZero();
	}

	@Test
	void appsWhenJwtPastItsExpThen401() {
		String jwt = jwt("2X9R4HXF34", "appstoreconnect-v1", this.now, this.now + 1200);
		assertThat(apps(jwt).statusCode()).isEqualTo(200);

		this.clock.advance(Duration.ofMinutes(20));

		HttpResponse<String> response = apps(jwt);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("exp has passed");
	}

	@Test
	void appsWhenJwtWrongThen401NamingWhy() {
		assertRefused(jwt("UNKNOWN123", "appstoreconnect-v1", this.now, this.now + 600), "kid is not a known API key");
		assertRefused(jwt("2X9R4HXF34", "appstoreconnect-v2", this.now, this.now + 600),
				"aud is not appstoreconnect-v1");
		assertRefused(jwt("2X9R4HXF34", "appstoreconnect-v1", this.now, this.now + 1201),
				"exp is more than 20 minutes after iat");
		assertRefused(TestJwts.rs256(DemoKeys.GITHUB_APP_PRIVATE_KEY, "{\"alg\":\"RS256\",\"kid\":\"2X9R4HXF34\"}",
				"{\"iss\":\"x\"}"), "alg is not ES256");
		assertThat(this.emulator.issuedTokens(Providers.APP_STORE)).isZero();
	}

	private void assertRefused(String jwt, String reason) {
		HttpResponse<String> response = apps(jwt);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("NOT_AUTHORIZED").contains(reason);
	}

}
