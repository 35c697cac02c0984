package dev.tokenstarter.autoconfigure;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real databases the JDBC store auto-configuration is tested on: a fresh in-memory H2 always, and
 * the PostgreSQL server of {@code TOKEN_STARTER_TEST_POSTGRES_URL} (see {@code .ci/services.sh}), where
 * each test has tables of its own through a unique table prefix. Without that variable the PostgreSQL
 * tests are skipped, except on CI ({@code CI=true}), where they fail.
 */
enum TestDatabase {

	H2 {

		@Override
		Connection connect() {
			return new Connection("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa");
		}

	},

	POSTGRESQL {

		@Override
		Connection connect() {
			String url = System.getenv("TOKEN_STARTER_TEST_POSTGRES_URL");
			if (url == null || url.isBlank()) {
				if ("true".equalsIgnoreCase(System.getenv("CI"))) {
					fail("TOKEN_STARTER_TEST_POSTGRES_URL is not set; on CI the PostgreSQL tests must run "
							+ "(source .ci/services.sh)");
				}
				assumeTrue(false, "TOKEN_STARTER_TEST_POSTGRES_URL is not set; PostgreSQL tests skipped");
			}
			String user = System.getenv("TOKEN_STARTER_TEST_POSTGRES_USER");
			return new Connection(url, (user != null) ? user : "postgres");
		}

	};

	/**
	 * Return where a test's database is, skipping the test when the database is not available.
	 */
	abstract Connection connect();

	/**
	 * A database and a table prefix that no other test uses.
	 */
	record Connection(String url, String user, String tablePrefix) {

		Connection(String url, String user) {
			this(url, user, "ts_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_");
		}

		/**
		 * Return the properties of a JDBC store on this database. Boot makes the data source; without a
		 * connection pool on the test classpath it is told which class to make, one that connects for
		 * each statement, so that a stopped database fails the next statement at once.
		 */
		String[] properties() {
			return new String[] { "spring.datasource.url=" + this.url, "spring.datasource.username=" + this.user,
					"spring.datasource.password=",
					"spring.datasource.type=org.springframework.jdbc.datasource.SimpleDriverDataSource",
					"token-starter.store.type=jdbc",
					"token-starter.store.jdbc.table-prefix=" + this.tablePrefix };
		}

		DataSource dataSource() {
			return new DriverManagerDataSource(this.url, this.user, "");
		}

		void dropTables() {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource());
			for (String table : new String[] { "tokens", "locks", "budgets" }) {
				jdbc.execute("DROP TABLE IF EXISTS " + this.tablePrefix + table);
			}
		}

	}

}
