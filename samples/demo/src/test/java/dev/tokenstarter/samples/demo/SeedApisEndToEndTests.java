package dev.tokenstarter.samples.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.core.lifecycle.IssuanceBudgetExceededException;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.samples.emulator.Credentials;
import dev.tokenstarter.samples.emulator.EmulatorSettings;
import dev.tokenstarter.samples.emulator.MutableClock;
import dev.tokenstarter.samples.emulator.ProviderEmulator;
import dev.tokenstarter.samples.emulator.Providers;
import dev.tokenstarter.samples.emulator.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The five seed APIs, configured in the demo's {@code application.yml} alone, called through the
 * starter's {@link RestClient} and {@link WebClient} beans against the emulator: the exact token request
 * each one sends, reuse, renewal at expiry and after the API refuses a token, and the budget.
 *
 * @author token-starter
 */
class SeedApisEndToEndTests {

	private static final JsonMapper json = JsonMapper.shared();

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

	private static JsonNode parse(String body) {
		return json.readTree(body);
	}

	private static String basic(String user, String secret) {
		return "Basic " + Base64.getEncoder()
			.encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

	private static String contentType(RecordedRequest request) {
		String value = request.header("Content-Type");
		return (value != null) ? value.split(";")[0].trim() : null;
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void memoriesWhenCalledThenSendsJsonCodeExchangeOnceAndAttachesBareToken(Style style) {
		startApplication();
		assertThat(parse(call(Providers.MEMORIES, "/api/v1/videos", style)).path("code").asString())
			.isEqualTo("0000");
		call(Providers.MEMORIES, "/api/v1/videos", style);
		List<RecordedRequest> requests = this.emulator.tokenRequests(Providers.MEMORIES);
		assertThat(requests).hasSize(1);
		RecordedRequest request = requests.get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/memories/auth/api/token/getAccessToken");
		assertThat(request.query()).isNull();
		assertThat(contentType(request)).isEqualTo("application/json");
		assertThat(request.header("Authorization")).isNull();
		assertThat(parse(request.body())).isEqualTo(json.createObjectNode()
			.put("clientId", Credentials.MEMORIES_CLIENT_ID)
			.put("code", Credentials.MEMORIES_CODE));
		List<RecordedRequest> apiCalls = this.emulator.apiRequests(Providers.MEMORIES);
		assertThat(apiCalls).hasSize(2);
		assertThat(apiCalls.get(0).header("Authorization")).isNotBlank().doesNotStartWith("Bearer");
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void tokensMakeWhenExpiredThenRefreshesWithRotatedRefreshToken(Style style) {
		startApplication();
		call(Providers.TOKENS_MAKE, "/api/v1/account", style);
		RecordedRequest login = this.emulator.tokenRequests(Providers.TOKENS_MAKE).get(0);
		assertThat(login.path()).isEqualTo("/tokens-make/tokens.make");
		assertThat(parse(login.body())).isEqualTo(json.createObjectNode()
			.put("email", Credentials.TOKENS_MAKE_EMAIL)
			.put("password", Credentials.TOKENS_MAKE_PASSWORD)
			.put("appId", Credentials.TOKENS_MAKE_APP_ID));
		this.clock.advance(Duration.ofHours(24));
		assertThat(parse(call(Providers.TOKENS_MAKE, "/api/v1/account", style)).path("success").asBoolean())
			.isTrue();
		this.clock.advance(Duration.ofHours(24));
		call(Providers.TOKENS_MAKE, "/api/v1/account", style);
		List<RecordedRequest> requests = this.emulator.tokenRequests(Providers.TOKENS_MAKE);
		assertThat(requests).extracting(RecordedRequest::path)
			.containsExactly("/tokens-make/tokens.make", "/tokens-make/tokens.refresh", "/tokens-make/tokens.refresh");
		String firstRefresh = parse(requests.get(1).body()).path("refreshToken").asString();
		String secondRefresh = parse(requests.get(2).body()).path("refreshToken").asString();
		assertThat(firstRefresh).isNotBlank();
		assertThat(secondRefresh).isNotBlank().isNotEqualTo(firstRefresh);
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void tokensMakeWhenApiReportsInvalidTokenInHttp200ThenRefreshesAndRetriesOnce(Style style) {
		startApplication();
		call(Providers.TOKENS_MAKE, "/api/v1/account", style);
		this.emulator.revokeAccessTokens(Providers.TOKENS_MAKE);
		JsonNode body = parse(call(Providers.TOKENS_MAKE, "/api/v1/account", style));
		assertThat(body.path("success").asBoolean()).isTrue();
		assertThat(this.emulator.tokenRequests(Providers.TOKENS_MAKE)).extracting(RecordedRequest::path)
			.containsExactly("/tokens-make/tokens.make", "/tokens-make/tokens.refresh");
		assertThat(this.emulator.apiRequests(Providers.TOKENS_MAKE)).hasSize(3);
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void mentionMeWhenCalledThenSendsClientCredentialsAsJsonAndRenewsAtExpiry(Style style) {
		startApplication();
		call(Providers.MENTION_ME, "/api/v2/customers", style);
		RecordedRequest request = this.emulator.tokenRequests(Providers.MENTION_ME).get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/mention-me/api/oauth/token");
		assertThat(contentType(request)).isEqualTo("application/json");
		assertThat(parse(request.body())).isEqualTo(json.createObjectNode()
			.put("client_id", Credentials.MENTION_ME_CLIENT_ID)
			.put("client_secret", Credentials.MENTION_ME_CLIENT_SECRET)
			.put("grant_type", "client_credentials"));
		assertThat(this.emulator.apiRequests(Providers.MENTION_ME).get(0).header("Authorization"))
			.startsWith("Bearer ey");
		this.clock.advance(Duration.ofMinutes(30));
		call(Providers.MENTION_ME, "/api/v2/customers", style);
		assertThat(this.emulator.tokenRequestCount(Providers.MENTION_ME)).isEqualTo(1);
		this.clock.advance(Duration.ofMinutes(31));
		call(Providers.MENTION_ME, "/api/v2/customers", style);
		assertThat(this.emulator.tokenRequestCount(Providers.MENTION_ME)).isEqualTo(2);
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void agtWhenCalledThenSendsEmptyBodyWithScopeQueryAndBasicClientCredentials(Style style) {
		startApplication();
		call(Providers.AGT, "/v1/api/accounts", style);
		call(Providers.AGT, "/v1/api/accounts", style);
		List<RecordedRequest> requests = this.emulator.tokenRequests(Providers.AGT);
		assertThat(requests).hasSize(1);
		RecordedRequest request = requests.get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/agt/v1/api/oauth/token");
		assertThat(request.query()).isEqualTo("scope=edit");
		assertThat(request.body()).isEmpty();
		assertThat(request.header("Authorization"))
			.isEqualTo(basic(Credentials.AGT_CLIENT_ID, Credentials.AGT_CLIENT_SECRET));
	}

	@ParameterizedTest
	@EnumSource(Style.class)
	void firebaseLoginWhenApiAnswers401ThenRefreshesWithoutLoggingInAgain(Style style) {
		startApplication();
		call(Providers.FIREBASE_LOGIN, "/api/v1/me", style);
		RecordedRequest login = this.emulator.tokenRequests(Providers.FIREBASE_LOGIN).get(0);
		assertThat(login.path()).isEqualTo("/firebase-login/auth/api/v1/accounts/login");
		assertThat(login.body()).isEmpty();
		assertThat(login.header("Authorization"))
			.isEqualTo(basic(Credentials.FIREBASE_LOGIN_USERNAME, Credentials.FIREBASE_LOGIN_PASSWORD));
		this.emulator.revokeAccessTokens(Providers.FIREBASE_LOGIN);
		call(Providers.FIREBASE_LOGIN, "/api/v1/me", style);
		this.clock.advance(Duration.ofMinutes(46));
		call(Providers.FIREBASE_LOGIN, "/api/v1/me", style);
		List<RecordedRequest> requests = this.emulator.tokenRequests(Providers.FIREBASE_LOGIN);
		assertThat(requests).extracting(RecordedRequest::path)
			.containsExactly("/firebase-login/auth/api/v1/accounts/login",
					"/firebase-login/auth/api/v1/accounts/token", "/firebase-login/auth/api/v1/accounts/token");
		assertThat(parse(requests.get(1).body()).path("refresh").asString()).isNotBlank();
	}

	@Test
	void memoriesWhenBudgetIsSpentThenFailsFastWithoutCallingTheEndpoint() {
		startApplication("token-starter.clients.memories.lifecycle.budget.limit=2");
		call(Providers.MEMORIES, "/api/v1/videos", Style.REST_CLIENT);
		this.emulator.revokeAccessTokens(Providers.MEMORIES);
		call(Providers.MEMORIES, "/api/v1/videos", Style.REST_CLIENT);
		this.emulator.revokeAccessTokens(Providers.MEMORIES);
		Throwable failure = catchThrowable(() -> call(Providers.MEMORIES, "/api/v1/videos", Style.REST_CLIENT));
		assertThat(failure).isInstanceOf(IssuanceBudgetExceededException.class)
			.hasMessageContaining("'memories'")
			.hasMessageContaining("2026-11-24T00:00:00Z");
		assertThat(this.emulator.tokenRequestCount(Providers.MEMORIES)).isEqualTo(2);
	}

	@Test
	void mentionMeWhenSecretIsWrongThenErrorNamesClientAndCodeWithoutSecret() {
		startApplication("token-starter.clients.mention-me.client-secret=wrong-secret-value");
		assertThatExceptionOfType(TokenEndpointException.class)
			.isThrownBy(() -> call(Providers.MENTION_ME, "/api/v2/customers", Style.REST_CLIENT))
			.withMessageContaining("'mention-me'")
			.withMessageContaining("invalid_client")
			.withMessageNotContaining("wrong-secret-value");
	}

}
