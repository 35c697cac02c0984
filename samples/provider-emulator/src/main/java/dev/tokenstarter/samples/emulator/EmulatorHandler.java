package dev.tokenstarter.samples.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import tools.jackson.databind.node.ObjectNode;

/**
 * Routes every exchange to its emulated endpoint: records it, serves a scripted response if
 * one is queued, applies the latency to token endpoints, and writes the response.
 */
final class EmulatorHandler implements HttpHandler {

	private final Map<String, Route> routes = new LinkedHashMap<>();

	private final RequestJournal journal;

	private final ScriptedResponses scriptedResponses;

	private final Duration latency;

	EmulatorHandler(List<ProviderEndpoints> providers, RequestJournal journal, ScriptedResponses scriptedResponses,
			Duration latency) {
		for (ProviderEndpoints provider : providers) {
			for (Route route : provider.routes()) {
				this.routes.put(route.path(), route);
			}
		}
		this.journal = journal;
		this.scriptedResponses = scriptedResponses;
		this.latency = latency;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try {
			EmulatorResponse response;
			try {
				response = respond(exchange);
			}
			catch (IOException | RuntimeException ex) {
				response = error(500, "emulator_failure", String.valueOf(ex));
			}
			send(exchange, response);
		}
		finally {
			exchange.close();
		}
	}

	private EmulatorResponse respond(HttpExchange exchange) throws IOException {
		RecordedRequest request = read(exchange);
		Route route = this.routes.get(request.path());
		if (route == null) {
			return error(404, "not_found", "No emulated endpoint at " + request.method() + " " + request.path());
		}
		this.journal.record(route, request);
		if (!route.tokenEndpoint()) {
			return dispatch(route, request);
		}
		EmulatorResponse scripted = this.scriptedResponses.poll(route.provider());
		EmulatorResponse response = (scripted != null) ? scripted : dispatch(route, request);
		delay();
		return response;
	}

	private EmulatorResponse dispatch(Route route, RecordedRequest request) {
		if (!route.method().equals(request.method())) {
			EmulatorResponse notAllowed = error(405, "method_not_allowed",
					request.method() + " is not supported by " + request.path() + ", use " + route.method());
			return new EmulatorResponse(405, notAllowed.contentType(), notAllowed.body(),
					Map.of("Allow", route.method()));
		}
		return route.handler().apply(request);
	}

	private void delay() {
		if (this.latency.isZero()) {
			return;
		}
		try {
			TimeUnit.NANOSECONDS.sleep(this.latency.toNanos());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static RecordedRequest read(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		return new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
				exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
				new String(body, StandardCharsets.UTF_8));
	}

	private static void send(HttpExchange exchange, EmulatorResponse response) throws IOException {
		response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
		if (response.contentType() != null) {
			exchange.getResponseHeaders().set("Content-Type", response.contentType());
		}
		byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
		boolean withoutBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod())
				|| response.status() == 204 || response.status() == 304;
		exchange.sendResponseHeaders(response.status(), withoutBody ? -1 : body.length);
		if (!withoutBody) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	private static EmulatorResponse error(int status, String error, String message) {
		ObjectNode body = Json.object();
		body.put("error", error);
		body.put("message", message);
		return EmulatorResponse.json(status, body);
	}

}
