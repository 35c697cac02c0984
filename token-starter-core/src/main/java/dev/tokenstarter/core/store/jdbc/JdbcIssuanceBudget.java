package dev.tokenstarter.core.store.jdbc;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.lifecycle.BudgetState;
import dev.tokenstarter.core.lifecycle.BudgetWindows;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;

/**
 * An {@link IssuanceBudget} counted in a database table, so that the instances of a fleet share one
 * budget per client. Windows are the same as those of {@link BudgetWindows}: fixed and aligned to the
 * Unix epoch. A token request is taken with one conditional increment ({@code used = used + 1 WHERE used
 * < limit}), atomic in the database; the first request of a window inserts its row, and the rows of older
 * windows of the client are deleted then.
 *
 * @author token-starter
 */
public final class JdbcIssuanceBudget implements IssuanceBudget {

	private final JdbcOperations jdbc;

	private final BudgetWindows windows;

	private final String incrementSql;

	private final String insertSql;

	private final String deleteOlderSql;

	private final String selectSql;

	private @Nullable JdbcTokenStoreSchema schema;

	/**
	 * Create a budget.
	 * @param jdbc the database
	 * @param definitions the clients, whose lifecycle settings hold their limits
	 * @param clock the clock that decides the window
	 * @param tablePrefix the prefix of the table names, such as {@code token_starter_}
	 */
	public JdbcIssuanceBudget(JdbcOperations jdbc, TokenClientDefinitions definitions, Clock clock,
			String tablePrefix) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(definitions, "definitions cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.jdbc = jdbc;
		this.windows = new BudgetWindows(definitions, clock);
		String table = JdbcTables.budgets(tablePrefix);
		this.incrementSql = "UPDATE " + table
				+ " SET used = used + 1 WHERE registration_id = ? AND window_start = ? AND used < ?";
		this.insertSql = "INSERT INTO " + table + " (registration_id, window_start, used) SELECT ?, ?, 1 "
				+ "WHERE NOT EXISTS (SELECT 1 FROM " + table + " WHERE registration_id = ? AND window_start = ?)";
		this.deleteOlderSql = "DELETE FROM " + table + " WHERE registration_id = ? AND window_start < ?";
		this.selectSql = "SELECT used FROM " + table + " WHERE registration_id = ? AND window_start = ?";
	}

	@Override
	public void acquire(String registrationId) {
		BudgetWindows.Window window = this.windows.current(registrationId);
		if (window == null) {
			return;
		}
		OffsetDateTime windowStart = JdbcTables.timestamp(window.startInstant());
		initializeSchema();
		if (increment(registrationId, windowStart, window.limit())) {
			return;
		}
		if (openWindow(registrationId, windowStart)) {
			this.jdbc.update(this.deleteOlderSql, registrationId, windowStart);
			return;
		}
		if (increment(registrationId, windowStart, window.limit())) {
			return;
		}
		throw window.exceeded();
	}

	/**
	 * Return how many token requests a client may still send in the current window, fleet-wide.
	 * @param registrationId the client
	 * @return the remaining budget, or {@code -1} when the client has no budget
	 */
	public int remaining(String registrationId) {
		BudgetState state = state(registrationId);
		return (state != null) ? state.remaining() : -1;
	}

	@Override
	public @Nullable BudgetState state(String registrationId) {
		BudgetWindows.Window window = this.windows.current(registrationId);
		if (window == null) {
			return null;
		}
		initializeSchema();
		List<Integer> used = this.jdbc.query(this.selectSql, (resultSet, row) -> resultSet.getInt(1), registrationId,
				JdbcTables.timestamp(window.startInstant()));
		return window.state(used.isEmpty() ? 0 : used.get(0));
	}

	/**
	 * Set the schema to create on first use; none by default, for tables created beforehand.
	 * @param schema the schema
	 */
	public void setSchema(JdbcTokenStoreSchema schema) {
		Assert.notNull(schema, "schema cannot be null");
		this.schema = schema;
	}

	private boolean increment(String registrationId, OffsetDateTime windowStart, int limit) {
		return this.jdbc.update(this.incrementSql, registrationId, windowStart, limit) > 0;
	}

	/**
	 * Insert the window's row with one request counted, unless it exists: another instance may have
	 * opened it at the same moment.
	 */
	private boolean openWindow(String registrationId, OffsetDateTime windowStart) {
		try {
			return this.jdbc.update(this.insertSql, registrationId, windowStart, registrationId, windowStart) > 0;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	private void initializeSchema() {
		JdbcTokenStoreSchema schema = this.schema;
		if (schema != null) {
			schema.initialize();
		}
	}

}
