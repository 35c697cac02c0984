package dev.tokenstarter.core.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The redis-server binary that tests and the fleet benchmark start: the one the environment names
 * ({@code TOKEN_STARTER_TEST_REDIS_SERVER}), else the one that {@code com.github.codemonstur:embedded-redis}
 * ships for this platform (Redis 6.2), copied once per JVM to a temporary file deleted when the JVM exits.
 *
 * @author token-starter
 */
public final class RedisServerBinary {

	private static @Nullable Path embedded;

	private RedisServerBinary() {
	}

	/**
	 * Return the binary.
	 * @return an executable redis-server
	 * @throws IllegalStateException when the configured binary is not executable, or when no embedded
	 * binary fits this platform
	 */
	public static Path get() {
		String configured = System.getenv("TOKEN_STARTER_TEST_REDIS_SERVER");
		if (configured != null && !configured.isBlank()) {
			Path path = Path.of(configured.trim());
			if (!Files.isExecutable(path)) {
				throw new IllegalStateException("TOKEN_STARTER_TEST_REDIS_SERVER names " + path
						+ ", which is not an executable file");
			}
			return path;
		}
		return embedded();
	}

	/**
	 * Return whether {@link #get()} gives the embedded binary.
	 * @return {@code true} unless the environment names a binary
	 */
	public static boolean isEmbedded() {
		String configured = System.getenv("TOKEN_STARTER_TEST_REDIS_SERVER");
		return configured == null || configured.isBlank();
	}

	private static synchronized Path embedded() {
		if (embedded == null) {
			String resource = resourceName();
			try (InputStream in = RedisServerBinary.class.getClassLoader().getResourceAsStream(resource)) {
				if (in == null) {
					throw new IllegalStateException("No " + resource + " on the class path: add "
							+ "com.github.codemonstur:embedded-redis, or set TOKEN_STARTER_TEST_REDIS_SERVER");
				}
				Path binary = Files.createTempFile("token-starter-redis-server-", "");
				binary.toFile().deleteOnExit();
				Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
				Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
				embedded = binary;
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not copy " + resource, ex);
			}
		}
		return embedded;
	}

	private static String resourceName() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "");
		boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
		boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
		if (os.contains("linux") && x64) {
			return "redis-server-6.2.6-v5-linux-amd64";
		}
		if (os.contains("linux") && arm64) {
			return "redis-server-6.2.7-linux-arm64";
		}
		if (os.contains("mac") && x64) {
			return "redis-server-6.2.6-v5-darwin-amd64";
		}
		if (os.contains("mac") && arm64) {
			return "redis-server-6.2.6-v5-darwin-arm64";
		}
		throw new IllegalStateException("No embedded redis-server for " + os + " on " + arch
				+ ": set TOKEN_STARTER_TEST_REDIS_SERVER to a redis-server binary");
	}

}
