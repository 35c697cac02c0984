package dev.tokenstarter.core.store.jdbc;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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
 * Unix epoch. Each limit's window is a row whose {@code registration_id} is
 * {@code <registrationId>/<period>} (the period in ISO-8601, such as {@code PT1H}); a token request is
 * taken from it with one conditional increment ({@code used = used + 1 WHERE used < limit}), atomic in
 * the database, and the first request of a window inserts its row and deletes the older ones. With a
 * minimum interval, the row {@code <registrationId>/last} holds the time of the last request in
 * {@code window_start}, moved forward with one conditional update once the interval has passed. A
 * request takes from every window, then the interval; when one of them refuses, what was taken is given
 * back, so the limits are never exceeded (at worst a request arriving at the same moment is refused too).
 *
 * @author token-starter
 */
public final class JdbcIssuanceBudget implements IssuanceBudget {

	private static final String LAST = "last";

	private final JdbcOperations jdbc;

	private final BudgetWindows windows;

	private final String incrementSql;

	private final String decrementSql;

	private final String insertSql;

	private final String insertLastSql;

	private final String deleteOlderSql;

	private final String selectSql;

	private final String advanceSql;

	private final String selectLastSql;

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
		this.decrementSql = "UPDATE " + table
				+ " SET used = used - 1 WHERE registration_id = ? AND window_start = ? AND used > 0";
		this.insertSql = "INSERT INTO " + table + " (registration_id, window_start, used) SELECT ?, ?, 1 "
				+ "WHERE NOT EXISTS (SELECT 1 FROM " + table + " WHERE registration_id = ? AND window_start = ?)";
		this.insertLastSql = "INSERT INTO " + table + " (registration_id, window_start, used) SELECT ?, ?, 0 "
				+ "WHERE NOT EXISTS (SELECT 1 FROM " + table + " WHERE registration_id = ?)";
		this.deleteOlderSql = "DELETE FROM " + table + " WHERE registration_id = ? AND window_start < ?";
		this.selectSql = "SELECT used FROM " + table + " WHERE registration_id = ? AND window_start = ?";
		this.advanceSql = "UPDATE " + table + " SET window_start = ? WHERE registration_id = ? AND window_start <= ?";
		this.selectLastSql = "SELECT window_start FROM " + table + " WHERE registration_id = ?";
	}

	@Override
	public void acquire(String registrationId) {
		BudgetWindows.Windows current = this.windows.current(registrationId);
		if (current == null) {
			return;
		}
		initializeSchema();
		List<BudgetWindows.Window> taken = new ArrayList<>();
		for (BudgetWindows.Window window : current.windows()) {
			if (!take(key(registrationId, window), window)) {
				refuse(registrationId, current, taken);
			}
			taken.add(window);
		}
		if (current.minInterval() != null && !advanceLast(registrationId, current)) {
			refuse(registrationId, current, taken);
		}
	}

	/**
	 * Return how many token requests a client may still send in its tightest window, fleet-wide.
	 * @param registrationId the client
	 * @return the remaining budget, or {@code -1} when the client has no budget or no window
	 */
	public int remaining(String registrationId) {
		BudgetState state = state(registrationId);
		BudgetState.WindowState tightest = (state != null) ? state.tightest() : null;
		return (tightest != null) ? tightest.remaining() : -1;
	}

	@Override
	public @Nullable BudgetState state(String registrationId) {
		BudgetWindows.Windows current = this.windows.current(registrationId);
		if (current == null) {
			return null;
		}
		initializeSchema();
		return current.state(used(registrationId, current), lastRequestAt(registrationId, current));
	}

	/**
	 * Set the schema to create on first use; none by default, for tables created beforehand.
	 * @param schema the schema
	 */
	public void setSchema(JdbcTokenStoreSchema schema) {
		Assert.notNull(schema, "schema cannot be null");
		this.schema = schema;
	}

	/**
	 * Take one request from a window: count it in the window's row, opening the row for the first
	 * request of the window; another instance may open it at the same moment.
	 */
	private boolean take(String key, BudgetWindows.Window window) {
		OffsetDateTime start = JdbcTables.timestamp(window.startInstant());
		if (this.jdbc.update(this.incrementSql, key, start, window.limit()) > 0) {
			return true;
		}
		this.jdbc.update(this.deleteOlderSql, key, start);
		if (insert(this.insertSql, key, start, key, start)) {
			return true;
		}
		return this.jdbc.update(this.incrementSql, key, start, window.limit()) > 0;
	}

	/**
	 * Record the request as the client's last, unless the last one was less than the minimum interval ago.
	 * A client's first request inserts the row at the epoch first, so that instances inserting it at the
	 * same moment meet on its key, and then moves it forward like any other.
	 */
	private boolean advanceLast(String registrationId, BudgetWindows.Windows current) {
		String key = key(registrationId, LAST);
		Instant now = Instant.ofEpochMilli(current.now());
		OffsetDateTime notAfter = JdbcTables.timestamp(now.minus(current.minInterval()));
		if (this.jdbc.update(this.advanceSql, JdbcTables.timestamp(now), key, notAfter) > 0) {
			return true;
		}
		insert(this.insertLastSql, key, JdbcTables.timestamp(Instant.EPOCH), key);
		return this.jdbc.update(this.advanceSql, JdbcTables.timestamp(now), key, notAfter) > 0;
	}

	private boolean insert(String sql, Object... arguments) {
		try {
			return this.jdbc.update(sql, arguments) > 0;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * Give back what was taken and fail, telling when the next request is allowed.
	 */
	private void refuse(String registrationId, BudgetWindows.Windows current, List<BudgetWindows.Window> taken) {
		for (BudgetWindows.Window window : taken) {
			this.jdbc.update(this.decrementSql, key(registrationId, window),
					JdbcTables.timestamp(window.startInstant()));
		}
		throw current.exceeded(used(registrationId, current), lastRequestAt(registrationId, current));
	}

	private List<Integer> used(String registrationId, BudgetWindows.Windows current) {
		List<Integer> used = new ArrayList<>();
		for (BudgetWindows.Window window : current.windows()) {
			List<Integer> rows = this.jdbc.query(this.selectSql, (resultSet, row) -> resultSet.getInt(1),
					key(registrationId, window), JdbcTables.timestamp(window.startInstant()));
			used.add(rows.isEmpty() ? 0 : rows.get(0));
		}
		return used;
	}

	private @Nullable Long lastRequestAt(String registrationId, BudgetWindows.Windows current) {
		if (current.minInterval() == null) {
			return null;
		}
		List<Long> rows = this.jdbc.query(this.selectLastSql,
				(resultSet, row) -> resultSet.getObject(1, OffsetDateTime.class).toInstant().toEpochMilli(),
				key(registrationId, LAST));
		return rows.isEmpty() ? null : rows.get(0);
	}

	private static String key(String registrationId, BudgetWindows.Window window) {
		return key(registrationId, window.period().toString());
	}

	private static String key(String registrationId, String part) {
		return registrationId + "/" + part;
	}

	private void initializeSchema() {
		JdbcTokenStoreSchema schema = this.schema;
		if (schema != null) {
			schema.initialize();
		}
	}

}
