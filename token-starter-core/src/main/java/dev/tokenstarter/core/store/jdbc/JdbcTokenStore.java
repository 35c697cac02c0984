package dev.tokenstarter.core.store.jdbc;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.util.Assert;

import dev.tokenstarter.core.store.StoredToken;
import dev.tokenstarter.core.store.StoredTokenCodec;
import dev.tokenstarter.core.store.TokenCipher;
import dev.tokenstarter.core.store.TokenStore;

/**
 * A {@link TokenStore} in a database table, one row per client and principal holding the token as
 * encrypted bytes and the time it was written. The client and principal are bound to the ciphertext, so
 * a row that was altered, encrypted with another key or copied from another client reads as absent (with
 * one warning naming the client) and the client fetches a new token. Writes are an update, then an
 * insert when no row was there, which works alike on PostgreSQL and H2.
 *
 * @author token-starter
 * @see JdbcTokenStoreSchema
 */
public final class JdbcTokenStore implements TokenStore {

	private static final Log logger = LogFactory.getLog(JdbcTokenStore.class);

	private final JdbcOperations jdbc;

	private final TokenCipher cipher;

	private final StoredTokenCodec codec;

	private final String table;

	private final String selectSql;

	private final String updateSql;

	private final String updateIfOlderSql;

	private final String insertSql;

	private final String deleteSql;

	private Clock clock = Clock.systemUTC();

	private @Nullable JdbcTokenStoreSchema schema;

	/**
	 * Create a store.
	 * @param jdbc the database
	 * @param cipher the cipher of the stored tokens
	 * @param codec the codec of the stored tokens
	 * @param tablePrefix the prefix of the table names, such as {@code token_starter_}
	 */
	public JdbcTokenStore(JdbcOperations jdbc, TokenCipher cipher, StoredTokenCodec codec, String tablePrefix) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(cipher, "cipher cannot be null");
		Assert.notNull(codec, "codec cannot be null");
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.codec = codec;
		this.table = JdbcTables.tokens(tablePrefix);
		this.selectSql = "SELECT token FROM " + this.table + " WHERE registration_id = ? AND principal_name = ?";
		this.updateSql = "UPDATE " + this.table
				+ " SET token = ?, updated_at = ? WHERE registration_id = ? AND principal_name = ?";
		this.updateIfOlderSql = this.updateSql + " AND updated_at <= ?";
		this.insertSql = "INSERT INTO " + this.table
				+ " (registration_id, principal_name, token, updated_at) VALUES (?, ?, ?, ?)";
		this.deleteSql = "DELETE FROM " + this.table + " WHERE registration_id = ? AND principal_name = ?";
	}

	@Override
	public @Nullable StoredToken load(String registrationId, String principalName) {
		String context = context(registrationId, principalName);
		initializeSchema();
		List<byte[]> rows = this.jdbc.query(this.selectSql, (resultSet, row) -> resultSet.getBytes(1), registrationId,
				principalName);
		if (rows.isEmpty()) {
			return null;
		}
		try {
			return this.codec.decode(this.cipher.decrypt(rows.get(0), context));
		}
		catch (RuntimeException ex) {
			logger.warn("Stored token of client '" + registrationId + "' in table " + this.table
					+ " cannot be read (wrong key, altered or copied from another client; "
					+ ex.getClass().getSimpleName() + "); treating it as absent");
			return null;
		}
	}

	@Override
	public void save(String registrationId, String principalName, StoredToken token) {
		Assert.notNull(token, "token cannot be null");
		byte[] value = this.cipher.encrypt(this.codec.encode(token), context(registrationId, principalName));
		OffsetDateTime now = JdbcTables.timestamp(this.clock.instant());
		initializeSchema();
		if (this.jdbc.update(this.updateSql, value, now, registrationId, principalName) > 0) {
			return;
		}
		try {
			this.jdbc.update(this.insertSql, registrationId, principalName, value, now);
		}
		catch (DuplicateKeyException ex) {
			this.jdbc.update(this.updateSql, value, now, registrationId, principalName);
		}
	}

	/**
	 * Store the token unless the row was written after the token was issued: one conditional update,
	 * then an insert when no row was there. The row's {@code updated_at} takes the token's issue time, so
	 * that a token issued later still replaces it. A token that does not say when it was issued is saved
	 * as by {@link #save}.
	 */
	@Override
	public boolean saveIfNewer(String registrationId, String principalName, StoredToken token) {
		Assert.notNull(token, "token cannot be null");
		Instant issuedAt = token.accessToken().getIssuedAt();
		if (issuedAt == null) {
			save(registrationId, principalName, token);
			return true;
		}
		byte[] value = this.cipher.encrypt(this.codec.encode(token), context(registrationId, principalName));
		OffsetDateTime stamp = JdbcTables.timestamp(issuedAt);
		initializeSchema();
		if (this.jdbc.update(this.updateIfOlderSql, value, stamp, registrationId, principalName, stamp) > 0) {
			return true;
		}
		try {
			this.jdbc.update(this.insertSql, registrationId, principalName, value, stamp);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	@Override
	public void remove(String registrationId, String principalName) {
		context(registrationId, principalName);
		initializeSchema();
		this.jdbc.update(this.deleteSql, registrationId, principalName);
	}

	/**
	 * Set the clock of the {@code updated_at} column; the UTC system clock by default.
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

	/**
	 * Return the additional authenticated data of a row: its key, so that a value copied to another row
	 * does not decrypt.
	 */
	private static String context(String registrationId, String principalName) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.hasText(principalName, "principalName cannot be empty");
		return registrationId + '\u0000' + principalName;
	}

}
