package dev.tokenstarter.core.test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 and a free port that records every request and answers each path as
 * the test says: a stand-in for token endpoints and for the APIs tokens are sent to.
 *
 * @author token-starter
 */
public final class LoopbackServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "loopback-server");
		thread.setDaemon(true);
		return thread;
	});

	private final Map<String, Handler> handlers = new ConcurrentHashMap<>();

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	public LoopbackServer() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/**
	 * Answer requests to a path with replies computed from the request.
	 * @param path the path, without query
	 * @param replies the replies
	 * @return this server
	 */
	public LoopbackServer on(String path, Function<RecordedRequest, Reply> replies) {
		this.handlers.put(path, (request, exchange) -> replies.apply(request).send(exchange));
		return this;
	}

	/**
	 * Answer requests to a path by writing to the exchange directly, for streamed responses.
	 * @param path the path, without query
	 * @param handler the handler
	 * @return this server
	 */
	public LoopbackServer onExchange(String path, Handler handler) {
		this.handlers.put(path, handler);
		return this;
	}

	/**
	 * Return the URI of a path on this server.
	 * @param pathAndQuery the path, with an optional query
	 * @return the URI
	 */
	public String uri(String pathAndQuery) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + pathAndQuery;
	}

	/**
	 * Return every request received so far, in order.
	 * @return the requests
	 */
	public List<RecordedRequest> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * Return the requests received so far on a path, in order.
	 * @param path the path
	 * @return the requests
	 */
	public List<RecordedRequest> requests(String path) {
		return this.requests.stream().filter((request) -> request.path().equals(path)).toList();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			URI uri = exchange.getRequestURI();
			RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), uri.getPath(),
					uri.getRawQuery(), exchange.getRequestHeaders(), new String(body, StandardCharsets.UTF_8));
			this.requests.add(request);
			Handler handler = this.handlers.get(uri.getPath());
			if (handler == null) {
				Reply.of(404, "text/plain", "no handler for " + uri.getPath()).send(exchange);
				return;
			}
			try {
				handler.handle(request, exchange);
			}
			catch (RuntimeException ex) {
				Reply.of(599, "text/plain", "handler failed: " + ex).send(exchange);
			}
		}
	}

	/**
	 * Writes the answer to a request.
	 */
	@FunctionalInterface
	public interface Handler {

		/**
		 * Answer a request.
		 * @param request the recorded request
		 * @param exchange the exchange to write the response to
		 * @throws IOException when writing fails
		 */
		void handle(RecordedRequest request, HttpExchange exchange) throws IOException;

	}

	/**
	 * A request as received.
	 *
	 * @param method the method
	 * @param path the path
	 * @param rawQuery the query as sent, still encoded, or {@code null}
	 * @param headers the headers
	 * @param body the body as UTF-8 text
	 */
	public record RecordedRequest(String method, String path, String rawQuery, Headers headers, String body) {

		/**
		 * Return the first value of a header.
		 * @param name the header name
		 * @return the value, or {@code null}
		 */
		public String header(String name) {
			return this.headers.getFirst(name);
		}

	}

	/**
	 * An answer.
	 *
	 * @param status the status
	 * @param contentType the content type, or {@code null} for none
	 * @param body the body
	 */
	public record Reply(int status, String contentType, String body) {

		/**
		 * Return a reply.
		 * @param status the status
		 * @param contentType the content type
		 * @param body the body
		 * @return the reply
		 */
		public static Reply of(int status, String contentType, String body) {
			return new Reply(status, contentType, body);
		}

		/**
		 * Return a JSON reply.
		 * @param status the status
		 * @param body the body
		 * @return the reply
		 */
		public static Reply json(int status, String body) {
			return new Reply(status, "application/json", body);
		}

		void send(HttpExchange exchange) throws IOException {
			byte[] bytes = this.body.getBytes(StandardCharsets.UTF_8);
			if (this.contentType != null) {
				exchange.getResponseHeaders().set("Content-Type", this.contentType);
			}
			exchange.sendResponseHeaders(this.status, (bytes.length == 0) ? -1 : bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}

	}

}
