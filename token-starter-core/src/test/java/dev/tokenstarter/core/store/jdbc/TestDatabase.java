package dev.tokenstarter.core.store.jdbc;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real databases the JDBC store is tested on: an in-memory H2 always, and the PostgreSQL server of
 * {@code TOKEN_STARTER_TEST_POSTGRES_URL} (see {@code .ci/services.sh}). Without that variable the
 * PostgreSQL tests are skipped, except on CI ({@code CI=true}), where they fail.
 */
enum TestDatabase {

	H2 {

		@Override
		DataSource dataSource() {
			return new DriverManagerDataSource("jdbc:h2:mem:token-starter-core;DB_CLOSE_DELAY=-1", "sa", "");
		}

	},

	POSTGRESQL {

		@Override
		DataSource dataSource() {
			String url = System.getenv("TOKEN_STARTER_TEST_POSTGRES_URL");
			if (url == null || url.isBlank()) {
				if ("true".equalsIgnoreCase(System.getenv("CI"))) {
					fail("TOKEN_STARTER_TEST_POSTGRES_URL is not set; on CI the PostgreSQL tests must run "
							+ "(source .ci/services.sh)");
				}
				assumeTrue(false, "TOKEN_STARTER_TEST_POSTGRES_URL is not set; PostgreSQL tests skipped");
			}
			String user = System.getenv("TOKEN_STARTER_TEST_POSTGRES_USER");
			return new DriverManagerDataSource(url, (user != null) ? user : "postgres", "");
		}

	};

	/**
	 * Return a data source on the database, skipping the test when the database is not available.
	 */
	abstract DataSource dataSource();

	/**
	 * Return a table prefix no other test uses, so that tests never see each other's rows.
	 */
	static String uniquePrefix() {
		return "ts_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";
	}

	/**
	 * Drop the tables of a prefix.
	 */
	static void dropTables(JdbcTemplate jdbc, String prefix) {
		for (String table : new String[] { "tokens", "locks", "budgets" }) {
			jdbc.execute("DROP TABLE IF EXISTS " + prefix + table);
		}
	}

}
