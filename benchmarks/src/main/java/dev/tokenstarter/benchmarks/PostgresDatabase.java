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

import dev.tokenstarter.core.test.TestPostgres;

/**
 * The PostgreSQL server of {@code TOKEN_STARTER_TEST_POSTGRES_URL} (user
 * {@code TOKEN_STARTER_TEST_POSTGRES_USER}, else {@code postgres}; no password), else an embedded one
 * started for this JVM and stopped when it exits (see {@link TestPostgres}). Each run gets a schema of its own, holding the table of Spring Security's
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

	private final boolean embedded;

	private PostgresDatabase(String url, String user, boolean embedded) {
		this.url = url;
		this.user = user;
		this.embedded = embedded;
	}

	/**
	 * Return the database of the environment, else of an embedded server, started now.
	 * @return the database
	 * @throws IllegalStateException when no embedded server can run here
	 */
	static PostgresDatabase get() {
		TestPostgres server = TestPostgres.get();
		return new PostgresDatabase(server.url(), server.user(), server.embedded());
	}

	String url() {
		return this.url;
	}

	boolean isEmbedded() {
		return this.embedded;
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
