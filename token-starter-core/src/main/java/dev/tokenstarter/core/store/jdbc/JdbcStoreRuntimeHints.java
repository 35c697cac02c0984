package dev.tokenstarter.core.store.jdbc;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Runtime hints of the JDBC store for native images: the schema scripts that
 * {@link JdbcTokenStoreSchema} reads from the classpath. Registered in
 * {@code META-INF/spring/aot.factories}.
 *
 * @author token-starter
 */
final class JdbcStoreRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern("dev/tokenstarter/core/store/jdbc/schema-*.sql");
	}

}
