package dev.tokenstarter.samples.emulator;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Response the emulator sends, built by a provider before it goes on the wire.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type}, {@code null} for none
 * @param body the body, {@code ""} for none
 * @param headers extra response headers
 */
record EmulatorResponse(int status, String contentType, String body, Map<String, String> headers) {

	static final String APPLICATION_JSON = "application/json";

	EmulatorResponse {
		body = (body != null) ? body : "";
		headers = Map.copyOf(headers);
	}

	static EmulatorResponse json(int status, JsonNode body) {
		return new EmulatorResponse(status, APPLICATION_JSON, Json.write(body), Map.of());
	}

	static EmulatorResponse json(int status, JsonNode body, Map<String, String> headers) {
		return new EmulatorResponse(status, APPLICATION_JSON, Json.write(body), headers);
	}

	static EmulatorResponse raw(int status, String contentType, String body) {
		return new EmulatorResponse(status, contentType, body, Map.of());
	}

}
