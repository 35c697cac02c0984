package dev.tokenstarter.core.store.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JdbcStoreRuntimeHints}, as the AOT engine finds it in {@code META-INF/spring/aot.factories}.
 */
class JdbcStoreRuntimeHintsTests {

	@ParameterizedTest
	@ValueSource(strings = { "PostgreSQL", "H2" })
	void registerHintsWhenLoadedFromAotFactoriesThenSchemaScriptOfDatabaseIsAResource(String databaseProductName) {
		RuntimeHints hints = new RuntimeHints();
		SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, getClass().getClassLoader()));
		String script = JdbcTokenStoreSchema.scriptLocation(databaseProductName);
		assertThat(getClass().getClassLoader().getResource(script)).isNotNull();
		assertThat(RuntimeHintsPredicates.resource().forResource(script)).accepts(hints);
	}

}
