package dev.tokenstarter.core.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.tokenstarter.core.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link JdbcTokenStoreSchema}, on H2 and PostgreSQL.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class JdbcTokenStoreSchemaTests {

	@Parameter
	TestDatabase database;

	private JdbcTemplate jdbc;

	private String prefix;

	@BeforeEach
	void createDatabase() {
		this.jdbc = new JdbcTemplate(this.database.dataSource());
		this.prefix = TestDatabase.uniquePrefix();
	}

	@AfterEach
	void dropTables() {
		if (this.jdbc != null) {
			TestDatabase.dropTables(this.jdbc, this.prefix);
		}
	}

	@Test
	void initializeWhenTablesMissingThenCreatedUnderPrefix() {
		new JdbcTokenStoreSchema(this.jdbc, this.prefix).initialize();
		for (String table : List.of("tokens", "locks", "budgets")) {
			assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.prefix + table, Integer.class))
				.isZero();
		}
	}

	@Test
	void initializeWhenTablesExistThenKeptWithTheirRows() {
		new JdbcTokenStoreSchema(this.jdbc, this.prefix).initialize();
		this.jdbc.update("INSERT INTO " + this.prefix + "budgets (registration_id, window_start, used) "
				+ "VALUES ('memories', CURRENT_TIMESTAMP, 2)");
		new JdbcTokenStoreSchema(this.jdbc, this.prefix).initialize();
		assertThat(this.jdbc.queryForObject("SELECT used FROM " + this.prefix + "budgets", Integer.class))
			.isEqualTo(2);
	}

	@Test
	void initializeWhenInstancesStartTogetherThenAllSucceed() throws Exception {
		List<Callable<Boolean>> tasks = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			JdbcTokenStoreSchema schema = new JdbcTokenStoreSchema(this.jdbc, this.prefix);
			tasks.add(() -> {
				schema.initialize();
				return true;
			});
		}
		assertThat(Concurrently.run(tasks)).containsOnly(true);
	}

	@Test
	void scriptLocationWhenShippedThenOnClasspath() {
		String product = this.jdbc.execute(
				(ConnectionCallback<String>) (connection) -> connection.getMetaData()
					.getDatabaseProductName());
		assertThat(new ClassPathResource(JdbcTokenStoreSchema.scriptLocation(product)).exists()).isTrue();
	}

	@Test
	void scriptLocationWhenDatabaseUnsupportedThenMessageNamesShippedScript() {
		assertThatIllegalStateException().isThrownBy(() -> JdbcTokenStoreSchema.scriptLocation("Oracle"))
			.withMessageContaining("Oracle")
			.withMessageContaining("dev/tokenstarter/core/store/jdbc/schema-postgresql.sql");
	}

	@Test
	void constructorWhenTablePrefixIsNotANameThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new JdbcTokenStoreSchema(this.jdbc, "a b"))
			.withMessageContaining("'a b'");
	}

}
