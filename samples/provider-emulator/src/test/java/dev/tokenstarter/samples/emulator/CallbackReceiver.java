package dev.tokenstarter.samples.emulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A callback endpoint on 127.0.0.1 that records every post and answers 204, or the status
 * queued with {@link #answerNext(int)}.
 */
final class CallbackReceiver implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final BlockingQueue<Post> posts = new LinkedBlockingQueue<>();

	private final BlockingQueue<Integer> statuses = new LinkedBlockingQueue<>();

	CallbackReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	String uri(String pathAndQuery) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + pathAndQuery;
	}

	void answerNext(int status) {
		this.statuses.add(status);
	}

	Post takePost() throws InterruptedException {
		Post post = this.posts.poll(10, TimeUnit.SECONDS);
		assertThat(post).as("callback post received within 10 seconds").isNotNull();
		return post;
	}

	List<Post> posts() {
		return List.copyOf(this.posts);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try {
			byte[] body = exchange.getRequestBody().readAllBytes();
			this.posts.add(new Post(exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
					exchange.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8)));
			Integer status = this.statuses.poll();
			exchange.sendResponseHeaders((status != null) ? status : 204, -1);
		}
		finally {
			exchange.close();
		}
	}

	/**
	 * A post as the receiver got it.
	 *
	 * @param path the raw path
	 * @param query the raw query, or {@code null}
	 * @param contentType the content type, or {@code null}
	 * @param body the body
	 */
	record Post(String path, String query, String contentType, String body) {

	}

}
