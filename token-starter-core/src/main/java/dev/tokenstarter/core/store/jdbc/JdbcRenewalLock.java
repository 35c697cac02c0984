package dev.tokenstarter.core.store.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.util.Assert;

import dev.tokenstarter.core.store.RenewalLock;

/**
 * A {@link RenewalLock} in a database table: a client's lock is a row holding its owner and the end of
 * its lease. Taking a lock inserts the row, or takes over a row whose lease has run out; releasing it
 * deletes the row if the owner still holds it. Each step is a single statement.
 * <p>
 * Leases are timed by the application's {@link Clock}, not the database server's: the statements stay
 * plain SQL on every database, and tests advance the clock instead of waiting. A lease only bounds how
 * long a dead holder blocks the others, so clocks that differ by {@code d} take over a dead holder's lock
 * {@code d} earlier or later; at worst a second token request is sent, still counted by the issuance
 * budget.
 *
 * @author token-starter
 */
public final class JdbcRenewalLock implements RenewalLock {

	private final JdbcOperations jdbc;

	private final String takeOverSql;

	private final String insertSql;

	private final String deleteSql;

	private Clock clock = Clock.systemUTC();

	private @Nullable JdbcTokenStoreSchema schema;

	/**
	 * Create a lock.
	 * @param jdbc the database
	 * @param tablePrefix the prefix of the table names, such as {@code token_starter_}
	 */
	public JdbcRenewalLock(JdbcOperations jdbc, String tablePrefix) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
		String table = JdbcTables.locks(tablePrefix);
		this.takeOverSql = "UPDATE " + table + " SET owner = ?, expires_at = ? WHERE name = ? AND expires_at <= ?";
		this.insertSql = "INSERT INTO " + table + " (name, owner, expires_at) SELECT ?, ?, ? WHERE NOT EXISTS "
				+ "(SELECT 1 FROM " + table + " WHERE name = ?)";
		this.deleteSql = "DELETE FROM " + table + " WHERE name = ? AND owner = ?";
	}

	@Override
	public boolean tryAcquire(String registrationId, String owner, Duration lease) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.hasText(owner, "owner cannot be empty");
		Assert.isTrue(lease != null && !lease.isNegative() && !lease.isZero(), "lease must be positive");
		Instant now = this.clock.instant();
		OffsetDateTime expiresAt = JdbcTables.timestamp(now.plus(lease));
		initializeSchema();
		if (this.jdbc.update(this.takeOverSql, owner, expiresAt, registrationId, JdbcTables.timestamp(now)) > 0) {
			return true;
		}
		try {
			return this.jdbc.update(this.insertSql, registrationId, owner, expiresAt, registrationId) > 0;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	@Override
	public void release(String registrationId, String owner) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.hasText(owner, "owner cannot be empty");
		initializeSchema();
		this.jdbc.update(this.deleteSql, registrationId, owner);
	}

	/**
	 * Set the clock that times the leases; the UTC system clock by default.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Set the schema to create on first use; none by default, for tables created beforehand.
	 * @param schema the schema
	 */
	public void setSchema(JdbcTokenStoreSchema schema) {
		Assert.notNull(schema, "schema cannot be null");
		this.schema = schema;
	}

	private void initializeSchema() {
		JdbcTokenStoreSchema schema = this.schema;
		if (schema != null) {
			schema.initialize();
		}
	}

}
