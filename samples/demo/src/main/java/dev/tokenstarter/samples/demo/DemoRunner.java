package dev.tokenstarter.samples.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.autoconfigure.TokenStarterClients;
import dev.tokenstarter.samples.emulator.ProviderEmulator;
import dev.tokenstarter.samples.emulator.RecordedRequest;

/**
 * For each configured API: a first call through the client's {@link RestClient} (the token is fetched), a
 * second through its {@link WebClient} (the token is reused), and, against the emulator, a third after
 * the emulator revoked the token (the API refuses it, the token is renewed and the call retried).
 *
 * @author token-starter
 */
@Component
@ConditionalOnProperty(name = "demo.run", matchIfMissing = true)
class DemoRunner implements ApplicationRunner, ExitCodeGenerator {

	private final DemoProperties properties;

	private final ApplicationContext context;

	private final ProviderEmulator emulator;

	private final PrintStream out;

	private int failures;

	DemoRunner(DemoProperties properties, ApplicationContext context, ObjectProvider<ProviderEmulator> emulator) {
		this.properties = properties;
		this.context = context;
		this.emulator = emulator.getIfAvailable();
		this.out = System.out;
	}

	@Override
	public void run(ApplicationArguments args) {
		for (Map.Entry<String, String> api : this.properties.getApiPaths().entrySet()) {
			String line;
			try {
				line = api.getKey() + ": OK " + String.join(", ", exercise(api.getKey(), api.getValue()));
			}
			catch (RuntimeException ex) {
				this.failures++;
				line = api.getKey() + ": FAILED " + ex.getMessage();
			}
			this.out.println(line);
		}
	}

	private List<String> exercise(String client, String path) {
		RestClient restClient = this.context.getBean(beanName(client, "RestClient"), RestClient.class);
		WebClient webClient = this.context.getBean(beanName(client, "WebClient"), WebClient.class);
		if (this.emulator != null && isSelfSigned(client)) {
			return exerciseSelfSigned(client, path, restClient, webClient);
		}
		List<String> steps = new ArrayList<>();
		int before = tokenRequests(client);
		check(restClient.get().uri(path).retrieve().body(String.class));
		steps.add(describe("token fetched", tokenRequests(client) - before) + " for a RestClient call");
		before = tokenRequests(client);
		check(webClient.get().uri(path).retrieve().bodyToMono(String.class).block());
		int reused = tokenRequests(client) - before;
		if (this.emulator != null && reused != 0) {
			throw new IllegalStateException("the token was not reused: " + reused + " token requests");
		}
		steps.add(describe("token reused", reused) + " for a WebClient call");
		if (this.emulator != null) {
			this.emulator.revokeAccessTokens(client);
			before = tokenRequests(client);
			check(restClient.get().uri(path).retrieve().body(String.class));
			int renewals = tokenRequests(client) - before;
			steps.add(describe("token renewed after the API refused it", renewals) + lastTokenRequest(client));
		}
		return steps;
	}

	private boolean isSelfSigned(String client) {
		return this.context.getBean(TokenStarterClients.class).definition(client).getGrant().isSelfSigned();
	}

	/**
	 * The steps of a client whose token is a JWT it signs itself: the emulated API counts the distinct
	 * JWTs it accepted, and no token request is ever sent.
	 */
	private List<String> exerciseSelfSigned(String client, String path, RestClient restClient, WebClient webClient) {
		List<String> steps = new ArrayList<>();
		int before = this.emulator.issuedTokens(client);
		check(restClient.get().uri(path).retrieve().body(String.class));
		steps.add(describeJwts("token fetched as a self-signed JWT", this.emulator.issuedTokens(client) - before, 1)
				+ " for a RestClient call");
		before = this.emulator.issuedTokens(client);
		check(webClient.get().uri(path).retrieve().bodyToMono(String.class).block());
		steps.add(describeJwts("token reused", this.emulator.issuedTokens(client) - before, 0)
				+ " for a WebClient call");
		this.emulator.revokeAccessTokens(client);
		before = this.emulator.issuedTokens(client);
		check(restClient.get().uri(path).retrieve().body(String.class));
		steps.add(describeJwts("token renewed after the API refused it", this.emulator.issuedTokens(client) - before,
				1) + " by signing a new JWT");
		if (this.emulator.tokenRequestCount(client) != 0) {
			throw new IllegalStateException("a self-signed client sent a token request");
		}
		return steps;
	}

	private static String describeJwts(String step, int newJwts, int expected) {
		if (newJwts != expected) {
			throw new IllegalStateException(step + ": the API saw " + newJwts + " new JWTs, not " + expected);
		}
		return step + " (0 token requests, " + newJwts + " new JWT" + ((newJwts != 1) ? "s" : "") + ")";
	}

	private String lastTokenRequest(String client) {
		List<RecordedRequest> requests = this.emulator.tokenRequests(client);
		RecordedRequest last = requests.get(requests.size() - 1);
		return " via " + last.method() + " " + last.path().substring(client.length() + 1);
	}

	private int tokenRequests(String client) {
		return (this.emulator != null) ? this.emulator.tokenRequestCount(client) : 0;
	}

	private String describe(String step, int tokenRequests) {
		if (this.emulator == null) {
			return step.replace("token fetched", "token obtained").replace("token reused", "token obtained");
		}
		return step + " (" + tokenRequests + " token request" + ((tokenRequests != 1) ? "s" : "") + ")";
	}

	private static void check(String body) {
		if (body == null) {
			throw new IllegalStateException("the API answered with no body");
		}
		JsonNode document = JsonMapper.shared().readTree(body);
		if (document.path("success").isBoolean() && !document.path("success").asBoolean()) {
			throw new IllegalStateException("the API answered " + document.path("error").path("code").asString());
		}
	}

	static String beanName(String client, String suffix) {
		StringBuilder name = new StringBuilder();
		boolean upper = false;
		for (char c : client.toCharArray()) {
			if (c == '-' || c == '_' || c == '.') {
				upper = true;
			}
			else {
				name.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return name + suffix;
	}

	@Override
	public int getExitCode() {
		return (this.failures > 0) ? 1 : 0;
	}

}
