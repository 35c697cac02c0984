package dev.tokenstarter.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.lifecycle.InMemoryIssuanceBudget;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.lifecycle.ResilientIssuanceBudget;
import dev.tokenstarter.core.store.InMemoryTokenStore;
import dev.tokenstarter.core.store.RenewalLock;
import dev.tokenstarter.core.store.ResilientTokenStore;
import dev.tokenstarter.core.store.SharedStoreStatus;
import dev.tokenstarter.core.store.StoredTokenCodec;
import dev.tokenstarter.core.store.TokenStore;
import dev.tokenstarter.core.store.jdbc.JdbcIssuanceBudget;
import dev.tokenstarter.core.store.jdbc.JdbcRenewalLock;
import dev.tokenstarter.core.store.jdbc.JdbcTokenStore;
import dev.tokenstarter.core.store.jdbc.JdbcTokenStoreSchema;

/**
 * Auto-configuration of the JDBC token store, for {@code token-starter.store.type=jdbc}, on the
 * application's {@link DataSource} (Boot's {@code spring.datasource.*}), PostgreSQL or H2: tokens
 * encrypted with {@code token-starter.store.encryption-key} and kept across restarts, issuance budgets
 * counted fleet-wide, and a renewal lock so that a fleet sends one token request when its instances need
 * a token at once. Tables start with {@code token-starter.store.jdbc.table-prefix} and are created on
 * first use unless {@code token-starter.store.jdbc.initialize-schema} is false.
 * <p>
 * While the database cannot be reached, token-starter works on an in-memory copy of the tokens and
 * budgets, logs one warning, and tries the database again every {@code token-starter.store.retry-interval}.
 * How soon it notices depends on the connection pool: Hikari waits 30 seconds for a connection by default,
 * so set {@code spring.datasource.hikari.connection-timeout} to a second or two. token-starter's
 * statements run outside the application's transactions, each in its own.
 *
 * @author token-starter
 */
@AutoConfiguration(before = TokenStarterAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.jdbc.core.JdbcOperations")
@ConditionalOnBooleanProperty(name = "token-starter.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "token-starter.store.type", havingValue = "jdbc")
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(TokenStarterProperties.class)
public final class TokenStarterJdbcStoreAutoConfiguration {

	private final JdbcOperations jdbc;

	private final String tablePrefix;

	private final @Nullable JdbcTokenStoreSchema schema;

	private final Clock clock;

	TokenStarterJdbcStoreAutoConfiguration(DataSource dataSource, TokenStarterProperties properties,
			ObjectProvider<Clock> clock) {
		this.jdbc = new JdbcTemplate(outsideApplicationTransactions(dataSource));
		this.tablePrefix = properties.getStore().getJdbc().getTablePrefix();
		this.schema = properties.getStore().getJdbc().isInitializeSchema()
				? new JdbcTokenStoreSchema(this.jdbc, this.tablePrefix) : null;
		this.clock = clock.getIfUnique(Clock::systemUTC);
	}

	@Bean
	@ConditionalOnMissingBean
	SharedStoreStatus tokenStarterSharedStoreStatus(TokenStarterProperties properties) {
		return new SharedStoreStatus("jdbc", properties.getStore().getRetryInterval(), this.clock);
	}

	@Bean
	@ConditionalOnMissingBean
	TokenStore tokenStarterTokenStore(TokenStarterProperties properties, SharedStoreStatus status) {
		JdbcTokenStore jdbcStore = new JdbcTokenStore(this.jdbc, StoreCiphers.cipher(properties.getStore()),
				new StoredTokenCodec(), this.tablePrefix);
		jdbcStore.setClock(this.clock);
		if (this.schema != null) {
			jdbcStore.setSchema(this.schema);
		}
		return new ResilientTokenStore(jdbcStore, new InMemoryTokenStore(this.clock), status);
	}

	@Bean
	@ConditionalOnMissingBean
	IssuanceBudget tokenStarterIssuanceBudget(TokenClientDefinitions definitions, SharedStoreStatus status) {
		JdbcIssuanceBudget jdbcBudget = new JdbcIssuanceBudget(this.jdbc, definitions, this.clock, this.tablePrefix);
		if (this.schema != null) {
			jdbcBudget.setSchema(this.schema);
		}
		return new ResilientIssuanceBudget(jdbcBudget, new InMemoryIssuanceBudget(definitions, this.clock), status);
	}

	@Bean
	@ConditionalOnMissingBean
	RenewalLock tokenStarterRenewalLock() {
		JdbcRenewalLock lock = new JdbcRenewalLock(this.jdbc, this.tablePrefix);
		lock.setClock(this.clock);
		if (this.schema != null) {
			lock.setSchema(this.schema);
		}
		return lock;
	}

	/**
	 * Return the data source behind another object, so that Spring's transaction synchronization does not
	 * hand token-starter the connection of an application transaction: a token, a lock or a budget count
	 * must be visible to the fleet at once, and a refused insert must not abort the application's work.
	 */
	private static DataSource outsideApplicationTransactions(DataSource dataSource) {
		return new DelegatingDataSource(dataSource);
	}

}
