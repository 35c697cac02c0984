package dev.tokenstarter.samples.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Small HTTP client for calling a {@link ProviderEmulator} from tests.
 */
final class EmulatorTestClient {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String baseUrl;

	EmulatorTestClient(ProviderEmulator emulator) {
		this.baseUrl = emulator.baseUrl();
	}

	HttpResponse<String> get(String path, String... headers) {
		return send(request(path, headers).GET().build());
	}

	/**
	 * POST to the emulator.
	 * @param body the body, or {@code null} to send none
	 * @param headers header names and values, alternating
	 */
	HttpResponse<String> post(String path, String body, String... headers) {
		HttpRequest.BodyPublisher publisher = (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody();
		return send(request(path, headers).POST(publisher).build());
	}

	HttpResponse<String> postJson(String path, String body, String... headers) {
		String[] withContentType = new String[headers.length + 2];
		withContentType[0] = "Content-Type";
		withContentType[1] = "application/json";
		System.arraycopy(headers, 0, withContentType, 2, headers.length);
		return post(path, body, withContentType);
	}

	HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(10));
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		return builder;
	}

	HttpClient httpClient() {
		return this.client;
	}

	static JsonNode json(HttpResponse<String> response) {
		return MAPPER.readTree(response.body());
	}

	static JsonNode jwtPayload(String jwt) {
		String[] parts = jwt.split("\\.");
		return MAPPER.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
	}

	static JsonNode jwtHeader(String jwt) {
		String[] parts = jwt.split("\\.");
		return MAPPER.readTree(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	static String contentType(HttpResponse<String> response) {
		return response.headers().firstValue("Content-Type").orElse(null);
	}

}
