package dev.tokenstarter.core.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.EncodedResource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.util.Assert;

/**
 * Creates the tables of the JDBC store when they do not exist, on PostgreSQL and H2, with the script
 * shipped for the database ({@code dev/tokenstarter/core/store/jdbc/schema-postgresql.sql} or
 * {@code schema-h2.sql}) and the table prefix in place of {@code token_starter_}. Applications that
 * manage their schema themselves run those scripts instead and leave this class out.
 * <p>
 * The stores call {@link #initialize()} before they first use the database, so that an application
 * starts while its database is down and creates the tables once it answers.
 *
 * @author token-starter
 */
public final class JdbcTokenStoreSchema {

	private static final int ATTEMPTS = 3;

	private final JdbcOperations jdbc;

	private final String tablePrefix;

	private volatile boolean initialized;

	/**
	 * Create an initializer.
	 * @param jdbc the database
	 * @param tablePrefix the prefix of the table names, such as {@code token_starter_}
	 */
	public JdbcTokenStoreSchema(JdbcOperations jdbc, String tablePrefix) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
		this.tablePrefix = JdbcTables.checked(tablePrefix);
	}

	/**
	 * Create the tables unless they exist. Runs its script once; once it succeeded, later calls return at
	 * once. Instances that start together may race to create the tables, so a failed attempt is retried.
	 * @throws DataAccessException when the database cannot be reached or refuses the script
	 * @throws IllegalStateException when the database is neither PostgreSQL nor H2
	 */
	public void initialize() {
		if (this.initialized) {
			return;
		}
		synchronized (this) {
			if (this.initialized) {
				return;
			}
			for (int attempt = 1;; attempt++) {
				try {
					this.jdbc.execute((ConnectionCallback<Void>) (connection) -> {
						String product = connection.getMetaData().getDatabaseProductName();
						ScriptUtils.executeSqlScript(connection, new EncodedResource(script(product)));
						return null;
					});
					break;
				}
				catch (DataAccessException ex) {
					if (attempt == ATTEMPTS) {
						throw ex;
					}
				}
			}
			this.initialized = true;
		}
	}

	/**
	 * Return the classpath location of the schema script of a database.
	 * @param databaseProductName the database's product name, as its JDBC driver reports it
	 * @return the location, such as {@code dev/tokenstarter/core/store/jdbc/schema-postgresql.sql}
	 * @throws IllegalStateException when no script is shipped for the database
	 */
	public static String scriptLocation(String databaseProductName) {
		String product = databaseProductName.toLowerCase(Locale.ROOT);
		String name = product.contains("postgres") ? "postgresql" : product.equals("h2") ? "h2" : null;
		if (name == null) {
			throw new IllegalStateException("token-starter creates its tables on PostgreSQL and H2, not on "
					+ databaseProductName + "; create them from dev/tokenstarter/core/store/jdbc/schema-postgresql.sql "
					+ "adapted to your database, and turn schema initialization off");
		}
		return "dev/tokenstarter/core/store/jdbc/schema-" + name + ".sql";
	}

	private ByteArrayResource script(String databaseProductName) {
		ClassPathResource resource = new ClassPathResource(scriptLocation(databaseProductName),
				JdbcTokenStoreSchema.class.getClassLoader());
		try (InputStream in = resource.getInputStream()) {
			String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return new ByteArrayResource(
					script.replace(JdbcTables.DEFAULT_PREFIX, this.tablePrefix).getBytes(StandardCharsets.UTF_8),
					resource.getPath());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read " + resource.getPath(), ex);
		}
	}

}
