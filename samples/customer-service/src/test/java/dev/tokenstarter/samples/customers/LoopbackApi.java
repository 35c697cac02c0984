package dev.tokenstarter.samples.customers;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Mention Me's customers API on 127.0.0.1 and a free port: {@code GET /api/v2/customers} answers two
 * customers to a call with an {@code Authorization} header and 401 to one without. It records the
 * {@code Authorization} header of every call.
 */
final class LoopbackApi implements AfterAllCallback {

	private static final String CUSTOMERS = """
			{"customers":[{"id":"c1","name":"Ada Lovelace"},{"id":"c2","name":"Alan Turing"}]}""";

	private final HttpServer server;

	private final List<String> authorizations = new CopyOnWriteArrayList<>();

	LoopbackApi() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/api/v2/customers", this::customers);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Return the {@code Authorization} header of each call so far ({@code ""} when absent).
	 */
	List<String> authorizations() {
		return List.copyOf(this.authorizations);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.server.stop(0);
	}

	private void customers(HttpExchange exchange) throws IOException {
		try (exchange) {
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			this.authorizations.add((authorization != null) ? authorization : "");
			byte[] body = ((authorization != null) ? CUSTOMERS : "{\"error\":\"unauthorized\"}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders((authorization != null) ? 200 : 401, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

}
