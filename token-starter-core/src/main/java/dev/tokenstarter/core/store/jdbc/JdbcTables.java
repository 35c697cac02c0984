package dev.tokenstarter.core.store.jdbc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

import org.springframework.util.Assert;

/**
 * The names of the token-starter tables under a prefix, and the time values written to them.
 */
final class JdbcTables {

	/**
	 * The prefix of the table names in the shipped schema scripts.
	 */
	static final String DEFAULT_PREFIX = "token_starter_";

	private static final Pattern PREFIX = Pattern
		.compile("([A-Za-z_][A-Za-z0-9_]*\\.)?[A-Za-z_][A-Za-z0-9_]*");

	private JdbcTables() {
	}

	static String tokens(String prefix) {
		return checked(prefix) + "tokens";
	}

	static String locks(String prefix) {
		return checked(prefix) + "locks";
	}

	static String budgets(String prefix) {
		return checked(prefix) + "budgets";
	}

	/**
	 * Return a prefix that is safe to put into SQL: a name, optionally after a schema name and a dot.
	 */
	static String checked(String prefix) {
		Assert.notNull(prefix, "tablePrefix cannot be null");
		Assert.isTrue(PREFIX.matcher(prefix).matches(), () -> "tablePrefix '" + prefix
				+ "' must be letters, digits and underscores, optionally after a schema name and a dot");
		return prefix;
	}

	static OffsetDateTime timestamp(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
