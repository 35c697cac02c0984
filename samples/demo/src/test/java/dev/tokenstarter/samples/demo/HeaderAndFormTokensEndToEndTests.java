package dev.tokenstarter.samples.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.samples.emulator.EmulatorSettings;
import dev.tokenstarter.samples.emulator.MutableClock;
import dev.tokenstarter.samples.emulator.ProviderEmulator;
import dev.tokenstarter.samples.emulator.Providers;
import dev.tokenstarter.samples.emulator.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Keystone-style and GitHub-classic-style APIs of the demo's {@code application.yml}, configured in
 * YAML alone and called through the starter's RestClient and WebClient against the emulator: a nested
 * JSON login whose token comes in a response header, and a form-encoded token response whose failures
 * come with HTTP 200. Each test asserts the exact token request.
 *
 * @author token-starter
 */
class HeaderAndFormTokensEndToEndTests {

	private static final String KEYSTONE_BODY = "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":"
			+ "{\"user\":{\"name\":\"admin\",\"domain\":{\"id\":\"default\"},\"password\":\"ks-p\\\"ss\\\\w0rd\"}}}}}";

	private static final String GITHUB_BODY = "client_id=Iv1.8a61f9b3a7aba766&client_secret=gh-s3cret%26x%3D1"
			+ "&code=gh-code-1f2e";

	private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-23T08:00:00Z"));

	private ProviderEmulator emulator;

	private ConfigurableApplicationContext context;

	enum Style {

		REST_CLIENT, WEB_CLIENT

	}

	@BeforeEach
	void start() {
		this.emulator = ProviderEmulator.start(EmulatorSettings.builder().clock(this.clock).build());
	}

	@AfterEach
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
		this.emulator.close();
	}

	private void startApplication(String... properties) {
		List<String> args = new ArrayList<>(
				List.of("--demo.run=false", "--" + DemoApplication.EMULATOR_BASE_URL + "=" + this.emulator.baseUrl()));
		for (String property : properties) {
			args.add("--" + property);
		}
		this.context = new SpringApplicationBuilder(DemoApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("testClock", this.clock))
			.run(args.toArray(String[]::new));
	}

	private String call(String client, String path, Style style) {
		if (style == Style.REST_CLIENT) {
			return this.context.getBean(DemoRunner.beanName(client, "RestClient"), RestClient.class)
				.get()
				.uri(path)
				.retrieve()
				.body(String.class);
		}
		return this.context.getBean(DemoRunner.beanName(client, "WebClient"), WebClient.class)
			.get()
			.uri(path)
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void keystoneWhenCalledThenNestedJsonLoginOnceAndSubjectTokenSentAsAuthToken(Style style) {
		startApplication();

		assertThat(call(Providers.KEYSTONE, "/v3/projects", style)).isEqualTo("{\"projects\":[{\"name\":\"demo\"}]}");
		this.clock.advance(Duration.ofMinutes(30));
		call(Providers.KEYSTONE, "/v3/projects", style);

		List<RecordedRequest> requests = this.emulator.tokenRequests(Providers.KEYSTONE);
		assertThat(requests).hasSize(1);
		RecordedRequest request = requests.get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/keystone/v3/auth/tokens");
		assertThat(request.query()).isNull();
		assertThat(request.header("Content-Type")).isEqualTo("application/json");
		assertThat(request.header("Accept")).isEqualTo("application/json");
		assertThat(request.header("Authorization")).isNull();
		assertThat(request.body()).isEqualTo(KEYSTONE_BODY);
		String issued = this.emulator.issuedTokenValues(Providers.KEYSTONE).get(0);
		assertThat(this.emulator.apiRequests(Providers.KEYSTONE)).hasSize(2).allSatisfy((call) -> {
			assertThat(call.header("X-Auth-Token")).isEqualTo(issued);
			assertThat(call.header("Authorization")).isNull();
		});
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void keystoneWhenTokenExpiresThenLogsInAgainBeforeTheIsoExpiry(Style style) {
		startApplication();
		call(Providers.KEYSTONE, "/v3/projects", style);

		this.clock.advance(Duration.ofMinutes(59).plusSeconds(30));
		call(Providers.KEYSTONE, "/v3/projects", style);

		assertThat(this.emulator.tokenRequestCount(Providers.KEYSTONE)).isEqualTo(2);
		assertThat(this.emulator.apiRequests(Providers.KEYSTONE)).hasSize(2);
	}

	@Test
	void keystoneWhenResponseLacksSubjectTokenHeaderThenErrorNamesClientAndHeader() {
		startApplication();
		this.emulator.respondNextTokenRequestWith(Providers.KEYSTONE, 201, "application/json",
				"{\"token\":{\"expires_at\":\"2026-11-23T09:00:00.000000Z\"}}");

		assertThatExceptionOfType(TokenEndpointException.class)
			.isThrownBy(() -> call(Providers.KEYSTONE, "/v3/projects", Style.REST_CLIENT))
			.withMessageContaining("'keystone'")
			.withMessageContaining("no access token in header X-Subject-Token")
			.withMessageNotContaining("ks-p");
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void githubClassicWhenCalledThenFormRequestOnceAndFormEncodedTokenAttachedAsBearer(Style style) {
		startApplication();

		assertThat(call(Providers.GITHUB_CLASSIC, "/user", style)).isEqualTo("{\"login\":\"octocat\"}");
		call(Providers.GITHUB_CLASSIC, "/user", style);

		List<RecordedRequest> requests = this.emulator.tokenRequests(Providers.GITHUB_CLASSIC);
		assertThat(requests).hasSize(1);
		RecordedRequest request = requests.get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/github-classic/login/oauth/access_token");
		assertThat(request.query()).isNull();
		assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded;charset=UTF-8");
		assertThat(request.header("Accept")).isEqualTo("application/x-www-form-urlencoded");
		assertThat(request.header("Authorization")).isNull();
		assertThat(request.body()).isEqualTo(GITHUB_BODY);
		String issued = this.emulator.issuedTokenValues(Providers.GITHUB_CLASSIC).get(0);
		assertThat(this.emulator.apiRequests(Providers.GITHUB_CLASSIC)).hasSize(2)
			.allSatisfy((call) -> assertThat(call.header("Authorization")).isEqualTo("Bearer " + issued));
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void githubClassicWhenCodeRefusedWithHttp200ThenErrorNamesClientAndCodeWithoutSecret(Style style) {
		startApplication("token-starter.clients.github-classic.code=expired-code");

		assertThatExceptionOfType(TokenEndpointException.class)
			.isThrownBy(() -> call(Providers.GITHUB_CLASSIC, "/user", style))
			.withMessageContaining("'github-classic'")
			.withMessageContaining("answered HTTP 200")
			.withMessageContaining("bad_verification_code")
			.withMessageContaining("The code passed is incorrect or expired.")
			.withMessageNotContaining("gh-s3cret");
		assertThat(this.emulator.apiRequests(Providers.GITHUB_CLASSIC)).isEmpty();
	}

}
