package dev.tokenstarter.core.endpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token endpoint on 127.0.0.1 that records every request and answers with a scripted response.
 * It can hold its answers until {@link #release()}, to play an endpoint that does not answer in time.
 *
 * @author token-starter
 */
final class LoopbackTokenServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();

	private final CountDownLatch released = new CountDownLatch(1);

	private volatile boolean holding;

	private volatile int status = 200;

	private volatile @Nullable String contentType = "application/json";

	private volatile byte[] body = new byte[0];

	private final Map<String, String> headers = new ConcurrentHashMap<>();

	private LoopbackTokenServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	static LoopbackTokenServer start() throws IOException {
		return new LoopbackTokenServer();
	}

	/**
	 * Return a port on 127.0.0.1 that nothing listens on.
	 * @return the port
	 */
	static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
			return socket.getLocalPort();
		}
	}

	void respond(int status, @Nullable String contentType, String body) {
		respond(status, contentType, body.getBytes(StandardCharsets.UTF_8));
	}

	void respond(int status, @Nullable String contentType, byte[] body) {
		this.status = status;
		this.contentType = contentType;
		this.body = body;
	}

	/**
	 * Add a header to every answer.
	 */
	void header(String name, String value) {
		this.headers.put(name, value);
	}

	/**
	 * Hold every answer until {@link #release()} is called (or 10 seconds have passed).
	 */
	void hold() {
		this.holding = true;
	}

	void release() {
		this.released.countDown();
	}

	String uri(String pathAndQuery) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + pathAndQuery;
	}

	RecordedRequest takeRequest() throws InterruptedException {
		RecordedRequest request = this.requests.poll(10, TimeUnit.SECONDS);
		assertThat(request).as("request received within 10 seconds").isNotNull();
		return request;
	}

	int requestCount() {
		return this.requests.size();
	}

	@Override
	public void close() throws InterruptedException {
		release();
		this.server.stop(0);
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).as("server threads ended").isTrue();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try {
			byte[] requestBody = exchange.getRequestBody().readAllBytes();
			Headers headers = new Headers();
			headers.putAll(exchange.getRequestHeaders());
			this.requests.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
					exchange.getRequestURI().getRawQuery(), headers, requestBody));
			if (this.holding && !this.released.await(10, TimeUnit.SECONDS)) {
				return;
			}
			byte[] responseBody = this.body;
			if (this.contentType != null) {
				exchange.getResponseHeaders().set("Content-Type", this.contentType);
			}
			this.headers.forEach(exchange.getResponseHeaders()::set);
			exchange.sendResponseHeaders(this.status, (responseBody.length > 0) ? responseBody.length : -1);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(responseBody);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			exchange.close();
		}
	}

	/**
	 * A request as the server received it.
	 *
	 * @param method the HTTP method
	 * @param path the raw path
	 * @param rawQuery the raw query, or {@code null} when there was none
	 * @param headers the request headers
	 * @param body the body, empty when there was none
	 */
	record RecordedRequest(String method, String path, @Nullable String rawQuery, Headers headers, byte[] body) {

		String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		List<String> header(String name) {
			List<String> values = this.headers.get(name);
			return (values != null) ? values : List.of();
		}

	}

}
