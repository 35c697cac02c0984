package dev.tokenstarter.core.test;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token endpoint on 127.0.0.1 that misbehaves at the level of the TCP connection, where an HTTP server
 * would not let a test go: it answers with raw bytes of the test's choosing, then stalls, closes or
 * resets the connection, streams a body without end, or drips it a byte a second. It reads each request
 * (headers and a {@code Content-Length} body) before answering, counts the requests, and records whether
 * writing an endless body failed, which shows that the client let go of the connection.
 *
 * @author token-starter
 */
public final class BrokenEndpoint implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final ExecutorService executor = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "broken-endpoint");
		thread.setDaemon(true);
		return thread;
	});

	private final List<Socket> sockets = new ArrayList<>();

	private final CountDownLatch released = new CountDownLatch(1);

	private final CountDownLatch endlessBodyAbandoned = new CountDownLatch(1);

	private final AtomicInteger requests = new AtomicInteger();

	private volatile Behaviour behaviour = Behaviour.STALL;

	private volatile byte[] answer = new byte[0];

	private BrokenEndpoint() throws IOException {
		this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.executor.execute(this::accept);
	}

	/**
	 * Start an endpoint that, until told otherwise, reads each request and stalls without answering.
	 * @return the endpoint
	 */
	public static BrokenEndpoint start() throws IOException {
		return new BrokenEndpoint();
	}

	/**
	 * Answer with the given raw bytes, then do as the behaviour says.
	 * @param answer the start of the response, status line and headers included
	 * @param behaviour what to do after it
	 * @return this endpoint
	 */
	public BrokenEndpoint answer(String answer, Behaviour behaviour) {
		this.answer = answer.getBytes(StandardCharsets.ISO_8859_1);
		this.behaviour = behaviour;
		return this;
	}

	/**
	 * Return the URI of a path on this endpoint.
	 * @param path the path
	 * @return the URI
	 */
	public String uri(String path) {
		return "http://127.0.0.1:" + this.serverSocket.getLocalPort() + path;
	}

	/**
	 * Return how many requests were read in full.
	 * @return the count
	 */
	public int requestCount() {
		return this.requests.get();
	}

	/**
	 * Wait for the client to let go of an endless body: writing to the connection failed.
	 * @param seconds how long to wait at most
	 * @return whether it did
	 */
	public boolean awaitEndlessBodyAbandoned(long seconds) throws InterruptedException {
		return this.endlessBodyAbandoned.await(seconds, TimeUnit.SECONDS);
	}

	/**
	 * Let stalled connections go: they are closed.
	 */
	public void release() {
		this.released.countDown();
	}

	@Override
	public void close() throws IOException, InterruptedException {
		release();
		this.serverSocket.close();
		synchronized (this.sockets) {
			for (Socket socket : this.sockets) {
				socket.close();
			}
		}
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).as("endpoint threads ended").isTrue();
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket socket = this.serverSocket.accept();
				synchronized (this.sockets) {
					this.sockets.add(socket);
				}
				this.executor.execute(() -> serve(socket));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			while (readRequest(socket.getInputStream())) {
				this.requests.incrementAndGet();
				OutputStream out = socket.getOutputStream();
				out.write(this.answer);
				out.flush();
				switch (this.behaviour) {
					case STALL -> {
						this.released.await(30, TimeUnit.SECONDS);
						return;
					}
					case CLOSE -> {
						return;
					}
					case RESET -> {
						socket.setSoLinger(true, 0);
						return;
					}
					case ENDLESS -> {
						writeForever(out);
						return;
					}
					case DRIP -> {
						drip(out);
						return;
					}
					case KEEP_ALIVE -> {
					}
				}
			}
		}
		catch (IOException ex) {
			// The client went away.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void writeForever(OutputStream out) {
		byte[] chunk = new byte[8192];
		Arrays.fill(chunk, (byte) 'x');
		try {
			while (this.released.getCount() > 0) {
				out.write(chunk);
			}
		}
		catch (IOException ex) {
			this.endlessBodyAbandoned.countDown();
		}
	}

	private void drip(OutputStream out) throws IOException, InterruptedException {
		while (!this.released.await(1, TimeUnit.SECONDS)) {
			out.write(' ');
			out.flush();
		}
	}

	/**
	 * Read one request: its headers and the body its {@code Content-Length} announces.
	 * @return whether a request came
	 */
	private static boolean readRequest(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < end.length) {
			int read = in.read();
			if (read < 0) {
				return false;
			}
			head.write(read);
			matched = (read == end[matched]) ? matched + 1 : ((read == '\r') ? 1 : 0);
		}
		long contentLength = 0;
		for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				contentLength = Long.parseLong(line.substring("content-length:".length()).trim());
			}
		}
		try {
			in.skipNBytes(contentLength);
		}
		catch (EOFException ex) {
			return false;
		}
		return true;
	}

	/**
	 * What the endpoint does once it has written its answer.
	 */
	public enum Behaviour {

		/**
		 * Keep the connection open and send nothing more, until released or closed.
		 */
		STALL,

		/**
		 * Close the connection.
		 */
		CLOSE,

		/**
		 * Reset the connection (TCP RST).
		 */
		RESET,

		/**
		 * Send body bytes without end, until the client lets go.
		 */
		ENDLESS,

		/**
		 * Send one body byte a second, until released or closed.
		 */
		DRIP,

		/**
		 * Keep the connection for the next request: the answer was complete.
		 */
		KEEP_ALIVE

	}

}
