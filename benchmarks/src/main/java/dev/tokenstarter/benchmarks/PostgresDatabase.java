package dev.tokenstarter.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.oauth2.client.JdbcOAuth2AuthorizedClientService;

/**
 * The PostgreSQL server of {@code TOKEN_STARTER_TEST_POSTGRES_URL} (user
 * {@code TOKEN_STARTER_TEST_POSTGRES_USER}, else {@code postgres}; no password), as {@code .ci/services.sh}
 * provides it. Each run gets a schema of its own, holding the table of Spring Security's
 * {@link JdbcOAuth2AuthorizedClientService} (whose table name is fixed), dropped with everything in it
 * when the run closes it.
 *
 * @author token-starter
 */
final class PostgresDatabase {

	private static final String STOCK_SCHEMA = "org/springframework/security/oauth2/client/"
			+ "oauth2-client-schema-postgres.sql";

	private final String url;

	private final String user;

	private PostgresDatabase(String url, String user) {
		this.url = url;
		this.user = user;
	}

	/**
	 * Return the database of the environment.
	 * @return the database, or {@code null} when {@code TOKEN_STARTER_TEST_POSTGRES_URL} is not set
	 */
	static @Nullable PostgresDatabase fromEnvironment() {
		String url = System.getenv("TOKEN_STARTER_TEST_POSTGRES_URL");
		if (url == null || url.isBlank()) {
			return null;
		}
		String user = System.getenv("TOKEN_STARTER_TEST_POSTGRES_USER");
		return new PostgresDatabase(url.trim(), (user != null && !user.isBlank()) ? user.trim() : "postgres");
	}

	/**
	 * Connect once.
	 * @return why the database cannot be used, or {@code null} when it answers
	 */
	@Nullable String unreachable() {
		try (Connection connection = dataSource(this.url).getConnection()) {
			return connection.isValid(5) ? null : "connection not valid";
		}
		catch (SQLException | RuntimeException ex) {
			return ex.toString();
		}
	}

	/**
	 * Create a schema no other run uses, with Spring Security's authorized-client table in it.
	 * @return the schema
	 */
	Schema createSchema() {
		String name = "fleet_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		new JdbcTemplate(dataSource(this.url)).execute("CREATE SCHEMA " + name);
		Schema schema = new Schema(name, this.url + (this.url.contains("?") ? "&" : "?") + "currentSchema=" + name,
				this.user);
		new JdbcTemplate(dataSource(schema.url())).execute(stockTable());
		return schema;
	}

	private DriverManagerDataSource dataSource(String url) {
		return new DriverManagerDataSource(url, this.user, "");
	}

	private static String stockTable() {
		try (InputStream in = JdbcOAuth2AuthorizedClientService.class.getClassLoader()
			.getResourceAsStream(STOCK_SCHEMA)) {
			if (in == null) {
				throw new IllegalStateException("No " + STOCK_SCHEMA + " on the class path");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A schema of one run: its JDBC URL makes it the current schema, so that unqualified table names land
	 * in it.
	 */
	final class Schema implements AutoCloseable {

		private final String name;

		private final String url;

		private final String user;

		private Schema(String name, String url, String user) {
			this.name = name;
			this.url = url;
			this.user = user;
		}

		String url() {
			return this.url;
		}

		String user() {
			return this.user;
		}

		@Override
		public void close() {
			new JdbcTemplate(dataSource(PostgresDatabase.this.url)).execute("DROP SCHEMA " + this.name + " CASCADE");
		}

	}

}
