package dev.tokenstarter.samples.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.autoconfigure.TokenStarterClients;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;
import dev.tokenstarter.samples.emulator.Credentials;
import dev.tokenstarter.samples.emulator.EmulatorSettings;
import dev.tokenstarter.samples.emulator.MutableClock;
import dev.tokenstarter.samples.emulator.ProviderEmulator;
import dev.tokenstarter.samples.emulator.Providers;
import dev.tokenstarter.samples.emulator.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens that live 20 seconds, shorter than the default 30-second clock skew, configured in the demo's
 * {@code application.yml} at default lifecycle settings and called through the starter's clients against
 * the emulator on a clock the test moves: the skew is capped to a tenth of the lifetime, so the token is
 * reused for most of its life and renewed in the background after 16 seconds, and the API never sees an
 * expired one.
 *
 * @author token-starter
 */
class ShortLivedTokensEndToEndTests {

	private static final String CLIENT = Providers.SHORT_LIVED;

	private static final String PATH = "/api/v1/status";

	private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-23T08:00:00Z"));

	private ProviderEmulator emulator;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void start() {
		this.emulator = ProviderEmulator.start(EmulatorSettings.builder().clock(this.clock).build());
		this.context = new SpringApplicationBuilder(DemoApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("testClock", this.clock))
			.run("--demo.run=false", "--" + DemoApplication.EMULATOR_BASE_URL + "=" + this.emulator.baseUrl());
	}

	@AfterEach
	void stop() {
		this.context.close();
		this.emulator.close();
	}

	@Test
	void callsWhenTenOverTwoSecondsThenOneTokenRequest() {
		RestClient restClient = this.context.getBean(DemoRunner.beanName(CLIENT, "RestClient"), RestClient.class);
		WebClient webClient = this.context.getBean(DemoRunner.beanName(CLIENT, "WebClient"), WebClient.class);
		for (int i = 0; i < 10; i++) {
			String body = (i % 2 == 0) ? restClient.get().uri(PATH).retrieve().body(String.class)
					: webClient.get().uri(PATH).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
			assertThat(body).isEqualTo("{\"status\":\"ok\"}");
			this.clock.advance(Duration.ofMillis(200));
		}
		List<RecordedRequest> tokenRequests = this.emulator.tokenRequests(CLIENT);
		assertThat(tokenRequests).hasSize(1);
		assertThat(tokenRequests.get(0).body()).contains(Credentials.SHORT_LIVED_CLIENT_ID);
		assertThat(this.emulator.apiRequests(CLIENT)).hasSize(10);
	}

	@Test
	void tokensWhenOneASecondForAnHourThenAtMostOneTokenRequestPerSixteenSecondsAndNoneExpired() {
		TokenLifecycle lifecycle = this.context.getBean(TokenStarterClients.class).lifecycle(CLIENT);
		RestClient restClient = this.context.getBean(DemoRunner.beanName(CLIENT, "RestClient"), RestClient.class);
		int seconds = 3600;
		int apiCalls = 0;
		for (int second = 0; second < seconds; second++) {
			assertThat(lifecycle.token().getExpiresAt()).isAfter(this.clock.instant());
			if (second % 30 == 0) {
				assertThat(restClient.get().uri(PATH).retrieve().body(String.class)).isEqualTo("{\"status\":\"ok\"}");
				apiCalls++;
			}
			this.clock.advance(Duration.ofSeconds(1));
		}
		assertThat(this.emulator.tokenRequestCount(CLIENT)).isLessThanOrEqualTo((int) Math.ceil(seconds / (0.8 * 20)))
			.isGreaterThanOrEqualTo(seconds / 20);
		assertThat(this.emulator.apiRequests(CLIENT)).as("API calls, each refused one retried").hasSize(apiCalls);
	}

}
