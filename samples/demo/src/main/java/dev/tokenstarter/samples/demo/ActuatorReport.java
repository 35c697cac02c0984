package dev.tokenstarter.samples.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import dev.tokenstarter.core.lifecycle.TokenClientState;

/**
 * After the API calls, reads the demo's own Actuator endpoints over HTTP, as an operator would, and
 * prints where they are and one line each: the token clients' states ({@code /actuator/tokens}), their
 * health ({@code /actuator/health}) and the token requests metric. It runs once the application accepts
 * traffic, after the {@link DemoRunner}: until then the readiness state keeps the health out of service.
 *
 * @author token-starter
 */
@Component
@ConditionalOnProperty(name = "demo.run", matchIfMissing = true)
class ActuatorReport implements ExitCodeGenerator {

	static final String REQUESTS_METRIC = "token.starter.token.requests";

	private final ApplicationContext context;

	private final PrintStream out;

	private final AtomicBoolean reported = new AtomicBoolean();

	private int failures;

	ActuatorReport(ApplicationContext context) {
		this.context = context;
		this.out = System.out;
	}

	@EventListener
	void onReadiness(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC && this.reported.compareAndSet(false, true)) {
			report();
		}
	}

	private void report() {
		if (!(this.context instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
			return;
		}
		String base = "http://127.0.0.1:" + web.getWebServer().getPort() + "/actuator";
		this.out.println("actuator: " + base + "/tokens");
		RestClient http = RestClient.builder().baseUrl(base).build();
		report("actuator tokens: ", () -> tokens(read(http, "/tokens")));
		report("actuator health: ", () -> health(read(http, "/health")));
		report("actuator metrics: ", () -> requests(read(http, "/metrics/" + REQUESTS_METRIC)));
	}

	private void report(String prefix, Supplier<String> summary) {
		String line;
		try {
			line = prefix + summary.get();
		}
		catch (RuntimeException ex) {
			this.failures++;
			line = prefix + "FAILED " + ex.getMessage();
		}
		this.out.println(line);
	}

	/**
	 * Read an endpoint's JSON, whatever its status: health answers 503 when it is down.
	 */
	private static JsonNode read(RestClient http, String path) {
		String body = http.get()
			.uri(path)
			.retrieve()
			.onStatus((status) -> status.value() == 503, (request, response) -> {
			})
			.body(String.class);
		return JsonMapper.shared().readTree((body != null) ? body : "{}");
	}

	/**
	 * Summarize the clients by status: {@code 5 clients, all valid}, or
	 * {@code 5 clients: 4 valid, 1 failing (agt)}.
	 */
	static String tokens(JsonNode tokens) {
		Map<String, List<String>> byStatus = new LinkedHashMap<>();
		for (TokenClientState.Status status : TokenClientState.Status.values()) {
			List<String> ids = new ArrayList<>();
			for (Map.Entry<String, JsonNode> client : tokens.properties()) {
				if (status.name().equals(client.getValue().path("status").asString())) {
					ids.add(client.getKey());
				}
			}
			if (!ids.isEmpty()) {
				byStatus.put(status.name().toLowerCase(Locale.ROOT), ids);
			}
		}
		int count = tokens.size();
		String clients = count + " client" + ((count != 1) ? "s" : "");
		if (byStatus.size() == 1) {
			return clients + ", all " + byStatus.keySet().iterator().next();
		}
		List<String> parts = new ArrayList<>();
		byStatus.forEach((status, ids) -> parts.add(ids.size() + " " + status
				+ (status.equals("valid") ? "" : " (" + String.join(", ", ids) + ")")));
		return clients + ": " + String.join(", ", parts);
	}

	/**
	 * Summarize the health: {@code UP, tokenClients UP (5 of 5 clients up)}.
	 */
	static String health(JsonNode health) {
		JsonNode tokenClients = health.path("components").path("tokenClients");
		if (tokenClients.isMissingNode()) {
			throw new IllegalStateException("no tokenClients in the health");
		}
		List<String> down = new ArrayList<>();
		int up = 0;
		for (Map.Entry<String, JsonNode> client : tokenClients.path("components").properties()) {
			if ("UP".equals(client.getValue().path("status").asString())) {
				up++;
			}
			else {
				down.add(client.getKey() + " " + client.getValue().path("status").asString());
			}
		}
		int total = tokenClients.path("components").size();
		return health.path("status").asString() + ", tokenClients " + tokenClients.path("status").asString() + " ("
				+ up + " of " + total + " clients up" + (down.isEmpty() ? "" : "; " + String.join(", ", down)) + ")";
	}

	/**
	 * Summarize the token requests metric: {@code token.starter.token.requests 10 (outcome: success)}.
	 */
	static String requests(JsonNode metric) {
		if (!REQUESTS_METRIC.equals(metric.path("name").asString())) {
			throw new IllegalStateException("no " + REQUESTS_METRIC + " metric");
		}
		double count = 0;
		for (JsonNode measurement : metric.path("measurements")) {
			if ("COUNT".equals(measurement.path("statistic").asString())) {
				count = measurement.path("value").asDouble();
			}
		}
		List<String> outcomes = new ArrayList<>();
		for (JsonNode tag : metric.path("availableTags")) {
			if ("outcome".equals(tag.path("tag").asString())) {
				tag.path("values").forEach((value) -> outcomes.add(value.asString()));
			}
		}
		return REQUESTS_METRIC + " " + Math.round(count) + " (outcome: " + String.join(", ", outcomes) + ")";
	}

	@Override
	public int getExitCode() {
		return (this.failures > 0) ? 1 : 0;
	}

}
