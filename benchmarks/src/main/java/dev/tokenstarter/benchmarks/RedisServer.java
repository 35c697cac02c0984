package dev.tokenstarter.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A redis-server of its own on a free port of 127.0.0.1, without persistence, stopped on
 * {@link #close()} (or when the JVM exits first).
 *
 * @author token-starter
 */
final class RedisServer implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(10);

	private final Process process;

	private final int port;

	private final Path log;

	private final Thread stopOnExit;

	private RedisServer(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
		this.stopOnExit = new Thread(process::destroyForcibly, "redis-server-stop");
		Runtime.getRuntime().addShutdownHook(this.stopOnExit);
	}

	/**
	 * Start a server and wait until it answers PING.
	 * @param binary the redis-server binary
	 * @return the running server
	 */
	static RedisServer start(Path binary) {
		try {
			int port;
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				port = socket.getLocalPort();
			}
			Path log = Files.createTempFile("token-starter-bench-redis-", ".log");
			Process process = new ProcessBuilder(binary.toString(), "--port", String.valueOf(port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", System.getProperty("java.io.tmpdir"))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			RedisServer server = new RedisServer(process, port, log);
			long deadline = System.nanoTime() + STARTUP.toNanos();
			while (!server.answersPing()) {
				if (System.nanoTime() - deadline > 0 || !process.isAlive()) {
					String output = Files.readString(log);
					server.close();
					throw new IllegalStateException(
							"redis-server did not answer PING on port " + port + "; its log:\n" + output);
				}
				LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
			}
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String host() {
		return "127.0.0.1";
	}

	int port() {
		return this.port;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.stopOnExit);
		}
		catch (IllegalStateException ex) {
			// The JVM is already exiting: the hook stops the process.
		}
		try {
			Files.deleteIfExists(this.log);
		}
		catch (IOException ex) {
			System.err.println("Could not delete " + this.log + ": " + ex);
		}
	}

	private boolean answersPing() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host(), this.port), 500);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = new byte[7];
			int read = in.readNBytes(reply, 0, reply.length);
			return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

}
