package dev.tokenstarter.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * A token server and an API on 127.0.0.1, on the JDK's HTTP server with a thread per concurrent request,
 * that counts the requests each endpoint receives.
 * <ul>
 * <li>{@value #JSON_TOKEN_PATH}: a JSON token request ({@code {"clientId":..,"clientSecret":..}}), the
 * kind token-starter exists for;</li>
 * <li>{@value #FORM_TOKEN_PATH}: a standard {@code grant_type=client_credentials} form request with
 * Basic client authentication, for stock Spring Security;</li>
 * <li>{@value #API_PATH}: a small JSON document, for any request with an {@code Authorization}
 * header;</li>
 * <li>{@value #CHECKED_API_PATH}: the same document, only for a bearer token this server issued that has
 * not expired by the {@code expires_in} it stated (on {@link System#nanoTime()}); it answers 401 to any
 * other and counts the refusals.</li>
 * </ul>
 * Both token endpoints answer {@code {"access_token":..,"expires_in":..,"token_type":"Bearer"}} after
 * the configured latency; {@code expires_in} may be left out. Every access token is
 * {@value #TOKEN_LENGTH} characters long.
 *
 * @author token-starter
 */
public final class LoopbackServer implements AutoCloseable {

	/**
	 * Token endpoint taking a JSON body.
	 */
	public static final String JSON_TOKEN_PATH = "/token/json";

	/**
	 * Token endpoint taking a standard OAuth2 form.
	 */
	public static final String FORM_TOKEN_PATH = "/token/form";

	/**
	 * API endpoint.
	 */
	public static final String API_PATH = "/api";

	/**
	 * API endpoint that checks the token.
	 */
	public static final String CHECKED_API_PATH = "/api/checked";

	/**
	 * Length of every access token the server issues.
	 */
	public static final int TOKEN_LENGTH = 40;

	private static final byte[] API_BODY = "{\"id\":42,\"name\":\"widget\",\"tags\":[\"a\",\"b\"]}"
		.getBytes(StandardCharsets.UTF_8);

	static {
		// Read once, when the JDK's HTTP server is first used. Without TCP_NODELAY, a response written as
		// headers then body waits out the client's delayed ACK: about 40 ms per request on Linux.
		System.setProperty("sun.net.httpserver.nodelay", "true");
		// Keep every connection of a 500-caller stampede open, rather than closing the ones beyond 200
		// while clients still hold them for reuse.
		System.setProperty("sun.net.httpserver.maxIdleConnections", "2048");
	}

	private final HttpServer server;

	private final ExecutorService executor;

	private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();

	private final AtomicLong issued = new AtomicLong();

	private final Map<String, Long> validUntilNanos = new ConcurrentHashMap<>();

	private final Queue<Long> issuedAtNanos = new ConcurrentLinkedQueue<>();

	private final LongAdder refusals = new LongAdder();

	private volatile Duration latency = Duration.ZERO;

	private volatile @Nullable Duration expiresIn = Duration.ofHours(2);

	private LoopbackServer(HttpServer server, ExecutorService executor) {
		this.server = server;
		this.executor = executor;
	}

	/**
	 * Start a server on a free port of 127.0.0.1.
	 * @return the running server
	 */
	public static LoopbackServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
			ExecutorService executor = Executors.newCachedThreadPool((task) -> {
				Thread thread = new Thread(task, "loopback-server");
				thread.setDaemon(true);
				return thread;
			});
			LoopbackServer loopback = new LoopbackServer(server, executor);
			server.createContext(JSON_TOKEN_PATH, loopback::jsonToken);
			server.createContext(FORM_TOKEN_PATH, loopback::formToken);
			server.createContext(API_PATH, loopback::api);
			server.createContext(CHECKED_API_PATH, loopback::checkedApi);
			server.setExecutor(executor);
			server.start();
			return loopback;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the URI of a path on this server.
	 * @param path the path, such as {@value #API_PATH}
	 * @return the URI
	 */
	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + path);
	}

	/**
	 * Return how many requests a path has received so far.
	 * @param path the path
	 * @return the count
	 */
	public long requests(String path) {
		LongAdder count = this.requests.get(path);
		return (count != null) ? count.sum() : 0;
	}

	/**
	 * Set how long the token endpoints take to answer.
	 * @param latency the latency
	 */
	public void setLatency(Duration latency) {
		this.latency = latency;
	}

	/**
	 * Set the lifetime that token responses state in {@code expires_in}.
	 * @param expiresIn the lifetime, or {@code null} to leave {@code expires_in} out
	 */
	public void setExpiresIn(@Nullable Duration expiresIn) {
		this.expiresIn = expiresIn;
	}

	/**
	 * Return the lifetime that token responses state in {@code expires_in}.
	 * @return the lifetime, or {@code null} when {@code expires_in} is left out
	 */
	public @Nullable Duration expiresIn() {
		return this.expiresIn;
	}

	/**
	 * Return when each access token was issued, on {@link System#nanoTime()}, oldest first.
	 * @return the instants
	 */
	public List<Long> issuedAtNanos() {
		return List.copyOf(this.issuedAtNanos);
	}

	/**
	 * Return how many calls {@value #CHECKED_API_PATH} refused: no token, an unknown one or an expired one.
	 * @return the count
	 */
	public long refusals() {
		return this.refusals.sum();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void jsonToken(HttpExchange exchange) throws IOException {
		String body = received(exchange);
		String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
		if (contentType == null || !contentType.contains("json") || !body.contains("\"clientId\"")) {
			respond(exchange, 400, "{\"error\":\"invalid_request\"}");
			return;
		}
		issueToken(exchange);
	}

	private void formToken(HttpExchange exchange) throws IOException {
		Map<String, String> form = form(received(exchange));
		if (!"client_credentials".equals(form.get("grant_type"))) {
			respond(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
			return;
		}
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if ((authorization == null || !authorization.startsWith("Basic ")) && !form.containsKey("client_id")) {
			respond(exchange, 401, "{\"error\":\"invalid_client\"}");
			return;
		}
		issueToken(exchange);
	}

	private void api(HttpExchange exchange) throws IOException {
		received(exchange);
		if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
			respond(exchange, 401, "{\"error\":\"unauthorized\"}");
			return;
		}
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, API_BODY.length);
		try (exchange) {
			exchange.getResponseBody().write(API_BODY);
		}
	}

	private void checkedApi(HttpExchange exchange) throws IOException {
		received(exchange);
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		Long validUntil = (authorization != null && authorization.startsWith("Bearer "))
				? this.validUntilNanos.get(authorization.substring("Bearer ".length())) : null;
		if (validUntil == null || System.nanoTime() - validUntil > 0) {
			this.refusals.increment();
			respond(exchange, 401, "{\"error\":\"invalid_token\"}");
			return;
		}
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, API_BODY.length);
		try (exchange) {
			exchange.getResponseBody().write(API_BODY);
		}
	}

	private String received(HttpExchange exchange) throws IOException {
		this.requests.computeIfAbsent(exchange.getHttpContext().getPath(), (path) -> new LongAdder()).increment();
		return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
	}

	private void issueToken(HttpExchange exchange) throws IOException {
		Duration delay = this.latency;
		if (!delay.isZero()) {
			try {
				Thread.sleep(delay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		String token = String.format("tok-%0" + (TOKEN_LENGTH - 4) + "d", this.issued.incrementAndGet());
		Duration lifetime = this.expiresIn;
		long now = System.nanoTime();
		this.validUntilNanos.put(token, now + ((lifetime != null) ? lifetime : Duration.ofDays(365)).toNanos());
		this.issuedAtNanos.add(now);
		String expiry = (lifetime != null) ? ",\"expires_in\":" + lifetime.toSeconds() : "";
		respond(exchange, 200, "{\"access_token\":\"" + token + "\"" + expiry + ",\"token_type\":\"Bearer\"}");
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		exchange.sendResponseHeaders(status, body.length);
		try (exchange) {
			exchange.getResponseBody().write(body);
		}
	}

	private static Map<String, String> form(String body) {
		Map<String, String> fields = new HashMap<>();
		for (String pair : body.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return fields;
	}

}
