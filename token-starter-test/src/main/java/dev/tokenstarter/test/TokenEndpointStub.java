package dev.tokenstarter.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.util.Assert;

/**
 * A token endpoint on 127.0.0.1 and a free port that answers token requests and records each of them, for
 * tests of code that uses token-starter clients. It starts when made and stops on {@link #close()}; as a
 * JUnit 5 extension ({@code @RegisterExtension}) it also stops after the test class. Point a client at it
 * and assert what the client sent:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static TokenEndpointStub tokenEndpoint = new TokenEndpointStub();
 *
 * &#64;DynamicPropertySource
 * static void tokenEndpoint(DynamicPropertyRegistry registry) {
 *     registry.add("token-starter.clients.mention-me.token.uri", tokenEndpoint::uri);
 * }
 * </pre>
 *
 * By default every request, whatever its path, gets a standard OAuth2 token response (HTTP 200,
 * {@code {"access_token":"stub-token-<n>","token_type":"Bearer","expires_in":3600}}, {@code n} counting
 * from 1); {@link #respond(Function)} sets other replies. Request bodies over 64 KiB are answered 413 and
 * recorded cut to that size.
 *
 * @author token-starter
 */
public final class TokenEndpointStub implements AutoCloseable, AfterAllCallback {

	/**
	 * Largest request body read, in bytes.
	 */
	public static final int MAX_BODY_BYTES = 64 * 1024;

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "token-endpoint-stub");
		thread.setDaemon(true);
		return thread;
	});

	private final List<RecordedTokenRequest> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger issued = new AtomicInteger();

	private volatile Function<RecordedTokenRequest, Reply> replies = this::nextToken;

	/**
	 * Start a stub on a free port of 127.0.0.1.
	 */
	public TokenEndpointStub() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the token endpoint stub", ex);
		}
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/**
	 * Return the URI of the token endpoint: {@code http://127.0.0.1:<port>/token}.
	 * @return the URI
	 */
	public String uri() {
		return baseUri() + "/token";
	}

	/**
	 * Return the root of the stub, {@code http://127.0.0.1:<port>}; every path under it answers the same
	 * way, so a refresh endpoint can be {@code baseUri() + "/refresh"}.
	 * @return the URI without path
	 */
	public String baseUri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Answer the next requests with replies computed from each request.
	 * @param replies the replies
	 * @return this stub
	 */
	public TokenEndpointStub respond(Function<RecordedTokenRequest, Reply> replies) {
		Assert.notNull(replies, "replies cannot be null");
		this.replies = replies;
		return this;
	}

	/**
	 * Answer the next requests with one reply.
	 * @param reply the reply
	 * @return this stub
	 */
	public TokenEndpointStub respond(Reply reply) {
		Assert.notNull(reply, "reply cannot be null");
		return respond((request) -> reply);
	}

	/**
	 * Return the requests received so far, oldest first.
	 * @return the requests
	 */
	public List<RecordedTokenRequest> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * Return the last request received.
	 * @return the request
	 * @throws IllegalStateException when none was received
	 */
	public RecordedTokenRequest lastRequest() {
		List<RecordedTokenRequest> received = requests();
		if (received.isEmpty()) {
			throw new IllegalStateException("The token endpoint stub received no request");
		}
		return received.get(received.size() - 1);
	}

	/**
	 * Forget the requests received so far, restart the count of issued tokens, and go back to the default
	 * replies.
	 */
	public void reset() {
		this.requests.clear();
		this.issued.set(0);
		this.replies = this::nextToken;
	}

	@Override
	public void afterAll(ExtensionContext context) {
		close();
	}

	/**
	 * Stop the stub at once.
	 */
	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private Reply nextToken(RecordedTokenRequest request) {
		return Reply.token("stub-token-" + this.issued.incrementAndGet(), Duration.ofHours(1));
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body;
			boolean tooLarge;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readNBytes(MAX_BODY_BYTES);
				tooLarge = in.read() != -1;
			}
			Map<String, List<String>> headers = new LinkedHashMap<>();
			exchange.getRequestHeaders()
				.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
			RecordedTokenRequest request = new RecordedTokenRequest(exchange.getRequestMethod(),
					exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(), headers,
					new String(body, StandardCharsets.UTF_8));
			this.requests.add(request);
			Reply reply = tooLarge ? Reply.json(413, "{\"error\":\"invalid_request\"}") : this.replies.apply(request);
			byte[] content = reply.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", reply.contentType());
			exchange.sendResponseHeaders(reply.status(), (content.length > 0) ? content.length : -1);
			if (content.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(content);
				}
			}
		}
	}

	/**
	 * What the stub answers to a request.
	 *
	 * @param status the HTTP status
	 * @param contentType the content type
	 * @param body the body
	 */
	public record Reply(int status, String contentType, String body) {

		public Reply {
			Assert.isTrue(status >= 100 && status <= 599, "status must be an HTTP status");
			Assert.hasText(contentType, "contentType cannot be empty");
			Assert.notNull(body, "body cannot be null");
		}

		/**
		 * Return a standard OAuth2 token response: HTTP 200 with {@code access_token},
		 * {@code token_type: Bearer} and {@code expires_in}.
		 * @param accessToken the access token
		 * @param expiresIn its lifetime
		 * @return the reply
		 */
		public static Reply token(String accessToken, Duration expiresIn) {
			Assert.hasText(accessToken, "accessToken cannot be empty");
			Assert.notNull(expiresIn, "expiresIn cannot be null");
			return json(200, "{\"access_token\":\"" + escape(accessToken) + "\",\"token_type\":\"Bearer\","
					+ "\"expires_in\":" + expiresIn.toSeconds() + "}");
		}

		/**
		 * Return a JSON reply.
		 * @param status the HTTP status
		 * @param json the body
		 * @return the reply
		 */
		public static Reply json(int status, String json) {
			return new Reply(status, "application/json", json);
		}

		private static String escape(String value) {
			return value.replace("\\", "\\\\").replace("\"", "\\\"");
		}

		@Override
		public String toString() {
			return "Reply{status=" + this.status + ", contentType=" + this.contentType + "}";
		}

	}

	/**
	 * A request the stub received. Header names are in lower case.
	 *
	 * @param method the HTTP method
	 * @param path the raw path
	 * @param query the raw query, or {@code null}
	 * @param headers the headers, by lower-case name
	 * @param body the body as UTF-8 text, at most {@link #MAX_BODY_BYTES} bytes of it
	 */
	public record RecordedTokenRequest(String method, String path, @Nullable String query,
			Map<String, List<String>> headers, String body) {

		public RecordedTokenRequest {
			headers = Map.copyOf(headers);
		}

		/**
		 * Return the first value of a header.
		 * @param name the header name, in any case
		 * @return the value, or {@code null} when absent
		 */
		public @Nullable String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values != null && !values.isEmpty()) ? values.get(0) : null;
		}

		/**
		 * Return the parameters of a form body ({@code application/x-www-form-urlencoded}), decoded.
		 * @return the parameters, the first value of each
		 */
		public Map<String, String> formParameters() {
			return FormDecoding.decode(this.body);
		}

		/**
		 * Return the parameters of the query, decoded.
		 * @return the parameters, the first value of each
		 */
		public Map<String, String> queryParameters() {
			return (this.query != null) ? FormDecoding.decode(this.query) : Map.of();
		}

		/**
		 * Return the request without its headers' and body's values: they may hold credentials.
		 */
		@Override
		public String toString() {
			return "RecordedTokenRequest{method=" + this.method + ", path=" + this.path + ", headers="
					+ this.headers.keySet() + ", bodyLength=" + this.body.length() + "}";
		}

	}

}
