package dev.tokenstarter.autoconfigure;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * A real HTTP server on 127.0.0.1 that answers by path and records every request it receives.
 */
final class LoopbackServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private final Map<String, Function<RecordedRequest, Reply>> handlers = new ConcurrentHashMap<>();

	private LoopbackServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	static LoopbackServer start() throws IOException {
		return new LoopbackServer();
	}

	/**
	 * Answer requests to a path with the reply the handler makes of each request.
	 */
	void on(String path, Function<RecordedRequest, Reply> handler) {
		this.handlers.put(path, handler);
	}

	/**
	 * Answer requests to a path with a fixed JSON body.
	 */
	void onJson(String path, int status, String json) {
		on(path, (request) -> new Reply(status, "application/json", json));
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	String baseUrl() {
		return url("");
	}

	List<RecordedRequest> requests(String path) {
		return this.requests.stream().filter((request) -> request.path().equals(path)).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			Map<String, List<String>> headers = new LinkedHashMap<>();
			exchange.getRequestHeaders()
				.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
			RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(),
					exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(), headers,
					new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			this.requests.add(request);
			Function<RecordedRequest, Reply> handler = this.handlers.get(request.path());
			Reply reply = (handler != null) ? handler.apply(request) : new Reply(404, "text/plain", "no handler");
			byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", reply.contentType());
			exchange.sendResponseHeaders(reply.status(), (body.length > 0) ? body.length : -1);
			if (body.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	record RecordedRequest(String method, String path, @Nullable String query, Map<String, List<String>> headers,
			String body) {

		@Nullable String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values != null) ? String.join(", ", values) : null;
		}

	}

	record Reply(int status, String contentType, String body) {
	}

}
