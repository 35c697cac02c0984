package dev.tokenstarter.core.test;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The real databases the JDBC store and its auto-configuration are tested on: an in-memory H2, and the
 * PostgreSQL server of {@link TestPostgres} (the environment's, else an embedded one). Tests keep apart
 * through table prefixes no other test uses.
 *
 * @author token-starter
 */
public enum TestDatabase {

	H2 {

		@Override
		public DataSource dataSource() {
			return new DriverManagerDataSource("jdbc:h2:mem:token-starter-core;DB_CLOSE_DELAY=-1", "sa", "");
		}

		@Override
		public Connection connect() {
			return new Connection("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa");
		}

	},

	POSTGRESQL {

		@Override
		public DataSource dataSource() {
			TestPostgres server = TestPostgres.get();
			return new DriverManagerDataSource(server.url(), server.user(), "");
		}

		@Override
		public Connection connect() {
			TestPostgres server = TestPostgres.get();
			return new Connection(server.url(), server.user());
		}

	};

	/**
	 * Return a data source on the database all tests of this JVM share, starting its server when needed.
	 * @return the data source
	 */
	public abstract DataSource dataSource();

	/**
	 * Return where a test's tables go: the shared PostgreSQL database, or a fresh H2 database, with a
	 * table prefix of its own.
	 * @return the connection
	 */
	public abstract Connection connect();

	/**
	 * Return a table prefix no other test uses, so that tests never see each other's rows.
	 * @return the prefix
	 */
	public static String uniquePrefix() {
		return "ts_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";
	}

	/**
	 * Drop the tables of a prefix.
	 * @param jdbc the database
	 * @param prefix the prefix
	 */
	public static void dropTables(JdbcTemplate jdbc, String prefix) {
		for (String table : new String[] { "tokens", "locks", "budgets" }) {
			jdbc.execute("DROP TABLE IF EXISTS " + prefix + table);
		}
	}

	/**
	 * A database and a table prefix that no other test uses.
	 *
	 * @param url the JDBC URL
	 * @param user the user, who needs no password
	 * @param tablePrefix the prefix of the test's tables
	 */
	public record Connection(String url, String user, String tablePrefix) {

		public Connection(String url, String user) {
			this(url, user, uniquePrefix());
		}

		/**
		 * Return the properties of a JDBC store on this database. Boot makes the data source; without a
		 * connection pool on the test classpath it is told which class to make, one that connects for
		 * each statement, so that a stopped database fails the next statement at once.
		 * @return the properties, as {@code key=value}
		 */
		public String[] properties() {
			return new String[] { "spring.datasource.url=" + this.url, "spring.datasource.username=" + this.user,
					"spring.datasource.password=",
					"spring.datasource.type=org.springframework.jdbc.datasource.SimpleDriverDataSource",
					"token-starter.store.type=jdbc", "token-starter.store.jdbc.table-prefix=" + this.tablePrefix };
		}

		public DataSource dataSource() {
			return new DriverManagerDataSource(this.url, this.user, "");
		}

		public void dropTables() {
			TestDatabase.dropTables(new JdbcTemplate(dataSource()), this.tablePrefix);
		}

	}

}
