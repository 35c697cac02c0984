package dev.tokenstarter.samples.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.samples.emulator.Credentials;
import dev.tokenstarter.samples.emulator.DemoKeys;
import dev.tokenstarter.samples.emulator.EmulatorSettings;
import dev.tokenstarter.samples.emulator.ProviderEmulator;
import dev.tokenstarter.samples.emulator.Providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The whole demo at TRACE logging: every client fetches, reuses, and renews its token after the API
 * refused it; two clients with refresh tokens then refresh through their WebClient; two more clients
 * fail, one with a wrong client secret sent with HTTP Basic and one with a wrong password in a JSON body
 * sent by WebClient; the Actuator endpoints are read. No password, client secret,
 * authorization code, access token or refresh token, no line of a signing key and no signed JWT
 * assertion may appear in any captured log line, in the messages of the failures, or in any Actuator
 * response.
 *
 * @author token-starter
 */
@ExtendWith(OutputCaptureExtension.class)
class NoSecretsEndToEndTests {

	private static final String WRONG_SECRET = "wrong-agt-SECRET-5d1c";

	private static final String WRONG_PASSWORD = "wrong-tokens-make-PASSWORD-8e2a";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ProviderEmulator emulator = ProviderEmulator.start(EmulatorSettings.defaults());

	private ConfigurableApplicationContext context;

	@AfterEach
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
		this.emulator.close();
	}

	@Test
	void demoWhenRunAtTraceThenNoSecretOrTokenInLogsFailuresOrActuator(CapturedOutput output) {
		this.context = new SpringApplicationBuilder(DemoApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("providerEmulator", this.emulator))
			.run(arguments());
		refreshReactively(Providers.TOKENS_MAKE, "/api/v1/account");
		refreshReactively(Providers.FIREBASE_LOGIN, "/api/v1/me");
		List<String> failures = new ArrayList<>();
		failures.addAll(failuresOf("agt-wrong", "/v1/api/accounts", false));
		failures.addAll(failuresOf("tokens-make-wrong", "/api/v1/account", true));
		Map<String, String> actuator = readActuator();

		List<String> forbidden = forbidden();
		assertThat(output.getOut()).contains(" TRACE ", "memories: OK", "tokens-make: OK", "mention-me: OK",
				"agt: OK", "firebase-login: OK", "short-lived: OK", "keystone: OK", "github-classic: OK",
				"github-app: OK", "google: OK", "app-store: OK", "partner-idp: OK")
			.containsPattern("actuator tokens: \\d+ clients: \\d+ valid, 2 none");
		assertThat(failures).hasSize(4).allSatisfy((message) -> assertThat(message).contains("answered HTTP"));
		assertThat(actuator.get("/tokens")).contains("\"agt-wrong\"", "FAILING", "VALID");
		assertThat(actuator.get("/health")).contains("\"tokenClients\"", "DOWN");
		List<String> lines = output.getAll().lines().toList();
		for (String secret : forbidden) {
			assertThat(lines.stream().filter((line) -> line.contains(secret))).as("captured lines").isEmpty();
			assertThat(failures).as("failure messages").noneSatisfy((message) -> assertThat(message).contains(secret));
			actuator.forEach((path, body) -> assertThat(body).as(path).doesNotContain(secret));
		}
	}

	private String[] arguments() {
		String base = this.emulator.baseUrl();
		List<String> args = new ArrayList<>(List.of("--" + DemoApplication.EMULATOR_BASE_URL + "=" + base,
				"--logging.level.root=TRACE", "--logging.level.org.springframework=TRACE"));
		String agt = "--token-starter.clients.agt-wrong.";
		args.addAll(List.of(agt + "grant=client-credentials", agt + "client-id=" + Credentials.AGT_CLIENT_ID,
				agt + "client-secret=" + WRONG_SECRET, agt + "base-url=" + base + "/agt",
				agt + "token.uri=" + base + "/agt/v1/api/oauth/token", agt + "token.body-format=none",
				agt + "token.query.scope=edit", agt + "token.client-authentication=basic",
				agt + "token.response.expires-kind=epoch-seconds"));
		String tokensMake = "--token-starter.clients.tokens-make-wrong.";
		args.addAll(List.of(tokensMake + "grant=login", tokensMake + "username=" + Credentials.TOKENS_MAKE_EMAIL,
				tokensMake + "password=" + WRONG_PASSWORD,
				tokensMake + "parameters.app-id=" + Credentials.TOKENS_MAKE_APP_ID,
				tokensMake + "base-url=" + base + "/tokens-make",
				tokensMake + "token.uri=" + base + "/tokens-make/tokens.make",
				tokensMake + "token.body.email={username}",
				tokensMake + "token.body.password={password}", tokensMake + "token.body.appId={app-id}",
				tokensMake + "token.response.access-token=/accessToken",
				tokensMake + "token.response.refresh-token=/refreshToken",
				tokensMake + "token.response.expires=/accessTokenEndTime",
				tokensMake + "token.response.expires-kind=epoch-seconds"));
		return args.toArray(String[]::new);
	}

	/**
	 * Have the API refuse a client's token and call it through its WebClient, which refreshes the token
	 * reactively.
	 */
	private void refreshReactively(String client, String path) {
		int before = this.emulator.tokenRequestCount(client);
		this.emulator.revokeAccessTokens(client);
		webClient(client).get().uri(path).retrieve().bodyToMono(String.class).block(TIMEOUT);
		assertThat(this.emulator.tokenRequestCount(client)).isEqualTo(before + 1);
	}

	/**
	 * Call a failing client through its RestClient and its WebClient, the WebClient first when asked (so
	 * that it sends the token request), and return every message and string form in the cause chains of
	 * both failures.
	 */
	private List<String> failuresOf(String client, String path, boolean webClientFirst) {
		RestClient restClient = this.context.getBean(DemoRunner.beanName(client, "RestClient"), RestClient.class);
		WebClient webClient = webClient(client);
		List<Throwable> thrown = new ArrayList<>();
		Runnable viaWebClient = () -> thrown
			.add(catchThrowable(() -> webClient.get().uri(path).retrieve().bodyToMono(String.class).block(TIMEOUT)));
		if (webClientFirst) {
			viaWebClient.run();
		}
		thrown.add(catchThrowable(() -> restClient.get().uri(path).retrieve().body(String.class)));
		if (!webClientFirst) {
			viaWebClient.run();
		}
		List<String> messages = new ArrayList<>();
		for (Throwable failure : thrown) {
			assertThat(failure).as(client).isNotNull();
			StringBuilder text = new StringBuilder();
			for (Throwable ex = failure; ex != null; ex = ex.getCause()) {
				text.append(ex).append('\n').append(ex.getMessage()).append('\n');
			}
			messages.add(text.toString());
		}
		return messages;
	}

	/**
	 * Read the Actuator endpoints over HTTP: the tokens of every client and of one, the health, the list of
	 * metrics and each token-starter metric.
	 */
	private Map<String, String> readActuator() {
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		RestClient http = RestClient.create("http://127.0.0.1:" + port + "/actuator");
		Map<String, String> bodies = new LinkedHashMap<>();
		for (String path : List.of("/tokens", "/tokens/agt-wrong", "/tokens/memories", "/health", "/metrics")) {
			bodies.put(path, get(http, path));
		}
		JsonNode names = JsonMapper.shared().readTree(bodies.get("/metrics")).path("names");
		for (JsonNode name : names) {
			if (name.asString().startsWith("token")) {
				bodies.put("/metrics/" + name.asString(), get(http, "/metrics/" + name.asString()));
			}
		}
		assertThat(bodies).containsKeys("/metrics/token.starter.token.requests", "/metrics/token.starter.renewals",
				"/metrics/token-starter.token.request");
		return bodies;
	}

	private WebClient webClient(String client) {
		return this.context.getBean(DemoRunner.beanName(client, "WebClient"), WebClient.class);
	}

	private static String get(RestClient http, String path) {
		return http.get().uri(path).retrieve().onStatus((status) -> status.value() == 503, (request, response) -> {
		}).body(String.class);
	}

	/**
	 * Return every secret the clients were configured with, their HTTP Basic forms, and every access and
	 * refresh token the APIs issued, with the distinctive parts of the JWTs and the start of the opaque
	 * tokens, which a log line truncating values would show.
	 */
	private List<String> forbidden() {
		List<String> forbidden = new ArrayList<>(List.of(Credentials.MEMORIES_CODE,
				Credentials.TOKENS_MAKE_PASSWORD, Credentials.MENTION_ME_CLIENT_SECRET, Credentials.AGT_CLIENT_SECRET,
				Credentials.FIREBASE_LOGIN_PASSWORD, Credentials.SHORT_LIVED_CLIENT_SECRET, Credentials.KEYSTONE_PASSWORD,
				"ks-p\\\"ss", Credentials.GITHUB_CLASSIC_CLIENT_SECRET, "gh-s3cret%26x", Credentials.GITHUB_CLASSIC_CODE,
				WRONG_SECRET,
				WRONG_PASSWORD,
				basic(Credentials.AGT_CLIENT_ID, Credentials.AGT_CLIENT_SECRET),
				basic(Credentials.AGT_CLIENT_ID, WRONG_SECRET),
				basic(Credentials.FIREBASE_LOGIN_USERNAME, Credentials.FIREBASE_LOGIN_PASSWORD)));
		for (String key : List.of(DemoKeys.GITHUB_APP_PRIVATE_KEY, DemoKeys.GOOGLE_PRIVATE_KEY,
				DemoKeys.APP_STORE_PRIVATE_KEY, DemoKeys.PARTNER_IDP_PRIVATE_KEY)) {
			DemoKeys.pem(key).lines().filter((line) -> !line.startsWith("-----")).forEach(forbidden::add);
		}
		for (String assertion : assertions()) {
			String[] parts = assertion.split("\\.");
			assertThat(parts).as("a signed JWT").hasSize(3);
			forbidden.add(parts[1]);
			forbidden.add(parts[2]);
		}
		for (String provider : Providers.all()) {
			List<String> tokens = this.emulator.issuedTokenValues(provider);
			assertThat(tokens).as("tokens issued by %s", provider).isNotEmpty();
			for (String token : tokens) {
				forbidden.add(token);
				String[] parts = token.split("\\.");
				if (parts.length == 3) {
					forbidden.add(parts[1]);
					forbidden.add(parts[2]);
				}
				else {
					forbidden.add(token.substring(0, 16));
				}
			}
		}
		return forbidden;
	}

	/**
	 * Return the JWT assertions the clients signed for their token requests: the GitHub App's JWTs, the
	 * Google service account's assertions and the partner's private_key_jwt client assertions. (The self-signed App Store JWTs are tokens the API
	 * accepted, among the issued tokens.)
	 */
	private List<String> assertions() {
		List<String> assertions = new ArrayList<>();
		this.emulator.tokenRequests(Providers.GITHUB_APP)
			.forEach((request) -> assertions.add(request.header("Authorization").substring("Bearer ".length())));
		this.emulator.tokenRequests(Providers.GOOGLE).forEach((request) -> {
			String encoded = request.body().substring(request.body().indexOf("assertion=") + "assertion=".length());
			assertions.add(java.net.URLDecoder.decode(encoded, StandardCharsets.UTF_8));
		});
		this.emulator.tokenRequests(Providers.PARTNER_IDP).forEach((request) -> {
			String encoded = request.body()
				.substring(request.body().indexOf("client_assertion=") + "client_assertion=".length());
			assertions.add(java.net.URLDecoder.decode(encoded, StandardCharsets.UTF_8));
		});
		assertThat(assertions).as("assertions signed").hasSizeGreaterThanOrEqualTo(6);
		return assertions;
	}

	private static String basic(String user, String secret) {
		return Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

}
