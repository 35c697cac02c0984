package dev.tokenstarter.core.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.tokenstarter.core.test.RedisServerBinary;

import static org.awaitility.Awaitility.await;

/**
 * A real redis-server on a free loopback port, without persistence, for the tests of one class: the
 * binary of {@link RedisServerBinary} ({@code $TOKEN_STARTER_TEST_REDIS_SERVER}, else the embedded one).
 * The server can be killed and started again on the same port.
 */
public final class RedisServerProcess implements BeforeAllCallback, AfterAllCallback {

	private static final Duration STARTUP = Duration.ofSeconds(10);

	private @Nullable Path binary;

	private int port;

	private @Nullable Path log;

	private @Nullable Process process;

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		this.binary = RedisServerBinary.get();
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			this.port = socket.getLocalPort();
		}
		this.log = Files.createTempFile("token-starter-redis-", ".log");
		start();
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		kill();
		if (this.log != null) {
			Files.deleteIfExists(this.log);
		}
	}

	/**
	 * Start the server (again) on its port and wait until it answers PING.
	 */
	public void start() throws IOException {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		ProcessBuilder builder = new ProcessBuilder(this.binary.toString(), "--port", String.valueOf(this.port),
				"--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
				System.getProperty("java.io.tmpdir"));
		builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
		this.process = builder.start();
		try {
			await().atMost(STARTUP).pollInterval(Duration.ofMillis(20)).until(this::answersPing);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("redis-server did not answer PING on port " + this.port + "; its log:\n"
					+ Files.readString(this.log), ex);
		}
	}

	/**
	 * Kill the server at once, as a crash would.
	 */
	public void kill() throws InterruptedException {
		Process running = this.process;
		if (running != null) {
			running.destroyForcibly();
			if (!running.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
				throw new IllegalStateException("redis-server on port " + this.port + " did not stop");
			}
			this.process = null;
		}
	}

	public String host() {
		return "127.0.0.1";
	}

	public int port() {
		return this.port;
	}

	/**
	 * Run commands on a connection of its own, apart from the code under test: string keys, byte values.
	 */
	public <T> T commands(Function<RedisCommands<String, byte[]>, T> action) {
		RedisClient client = RedisClient.create(RedisURI.create(host(), this.port));
		try (StatefulRedisConnection<String, byte[]> connection = client
			.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
			return action.apply(connection.sync());
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	/**
	 * Return a started Spring Data Redis connection factory on this server, with short time-outs; the
	 * caller destroys it.
	 */
	public LettuceConnectionFactory connectionFactory() {
		LettuceClientConfiguration clientConfiguration = LettuceClientConfiguration.builder()
			.commandTimeout(Duration.ofSeconds(2))
			.clientOptions(ClientOptions.builder()
				.socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
				.build())
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(host(), this.port), clientConfiguration);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * Remove every key.
	 */
	public void flushAll() {
		commands(RedisCommands::flushall);
	}

	/**
	 * Return the raw value of a key, read on a connection of its own.
	 */
	public byte @Nullable [] get(String key) {
		return commands((commands) -> commands.get(key));
	}

	/**
	 * Return the value of a key as UTF-8 text.
	 */
	public @Nullable String getString(String key) {
		byte[] value = get(key);
		return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
	}

	/**
	 * Write the raw value of a key.
	 */
	public void set(String key, byte[] value) {
		commands((commands) -> commands.set(key, value));
	}

	/**
	 * Return the time to live of a key in milliseconds: -1 without expiry, -2 when absent.
	 */
	public long pttl(String key) {
		return commands((commands) -> commands.pttl(key));
	}

	/**
	 * Return every key.
	 */
	public List<String> keys() {
		return commands((commands) -> commands.keys("*"));
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
