package dev.tokenstarter.core.lifecycle;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.store.StoredTokenCodec;
import dev.tokenstarter.core.store.TokenCipher;
import dev.tokenstarter.core.store.jdbc.JdbcTokenStore;
import dev.tokenstarter.core.store.jdbc.JdbcTokenStoreSchema;
import dev.tokenstarter.core.test.LoginTokenApi;
import dev.tokenstarter.core.test.MutableClock;
import dev.tokenstarter.core.test.TestDatabase;
import dev.tokenstarter.core.test.TokenStarterManagers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Settles the suspicion of issue 12 that request threads holding a pooled JDBC connection, while they
 * wait for a renewal that needs another connection from the same pool, stall until the pool times out.
 * It happens only without an acquire timeout, when the renewal runs in the waiting thread: with one
 * (the starter always sets one), the caller gives up after it and the renewal completes once a
 * connection is free.
 *
 * @author token-starter
 */
class PooledConnectionRenewalTests {

	private static final Duration POOL_TIMEOUT = Duration.ofSeconds(3);

	private final MutableClock clock = MutableClock.start();

	private final LoginTokenApi api = new LoginTokenApi();

	private final JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.H2.dataSource());

	private final String prefix = TestDatabase.uniquePrefix();

	private final OneConnectionPool pool = new OneConnectionPool(TestDatabase.H2.dataSource());

	private final ExecutorService renewals = Executors.newCachedThreadPool();

	@AfterEach
	void close() {
		this.renewals.shutdownNow();
		this.api.close();
		TestDatabase.dropTables(this.jdbc, this.prefix);
	}

	@Test
	void tokenWhenCallerHoldsTheLastPooledConnectionThenFailsAfterAcquireTimeoutAndRenewalCompletesLater()
			throws SQLException {
		TokenLifecycle lifecycle = lifecycle();
		lifecycle.setAcquireTimeout(Duration.ofMillis(500));
		Connection held = this.pool.getConnection();
		long started = System.nanoTime();
		TokenEndpointException failure = catchThrowableOfType(TokenEndpointException.class, lifecycle::token);
		Duration waited = Duration.ofNanos(System.nanoTime() - started);
		assertThat(failure.getError().getErrorCode()).isEqualTo(TokenEndpointException.ACQUIRE_TIMEOUT);
		assertThat(waited).as("the caller waited its acquire timeout, not the pool's").isLessThan(POOL_TIMEOUT);
		held.close();
		await().atMost(Duration.ofSeconds(10)).until(() -> tokenOrNull(lifecycle) != null);
		assertThat(this.api.logins()).hasSize(1);
	}

	@Test
	void tokenWhenNoAcquireTimeoutAndCallerHoldsTheLastPooledConnectionThenStallsUntilThePoolTimesOut()
			throws SQLException {
		TokenLifecycle lifecycle = lifecycle();
		try (Connection held = this.pool.getConnection()) {
			long started = System.nanoTime();
			RuntimeException failure = catchThrowableOfType(RuntimeException.class, lifecycle::token);
			Duration waited = Duration.ofNanos(System.nanoTime() - started);
			assertThat(failure).hasRootCauseInstanceOf(SQLTransientConnectionException.class);
			assertThat(waited).isGreaterThanOrEqualTo(POOL_TIMEOUT);
		}
		assertThat(this.api.logins()).isEmpty();
	}

	private TokenLifecycle lifecycle() {
		JdbcTemplate pooled = new JdbcTemplate(this.pool);
		JdbcTokenStore store = new JdbcTokenStore(pooled, TokenCipher.PLAINTEXT, new StoredTokenCodec(), this.prefix);
		store.setSchema(new JdbcTokenStoreSchema(this.jdbc, this.prefix));
		Renewer renewer = Renewer.of(TokenStarterManagers.blocking(this.api.definition(), LoginTokenApi.registration(),
				store, this.clock), LoginTokenApi.REGISTRATION_ID, "app");
		TokenLifecycle lifecycle = new TokenLifecycle(LoginTokenApi.REGISTRATION_ID,
				this.api.definition().getLifecycle(), renewer, null);
		lifecycle.setClock(this.clock);
		lifecycle.setDelayer(Delayer.on(this.renewals));
		return lifecycle;
	}

	private static OAuth2AccessToken tokenOrNull(TokenLifecycle lifecycle) {
		try {
			return lifecycle.token();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * A pool of one connection that waits up to {@link #POOL_TIMEOUT} for it, as a connection pool does.
	 */
	private static final class OneConnectionPool extends DelegatingDataSource {

		private final Semaphore free = new Semaphore(1);

		OneConnectionPool(DataSource dataSource) {
			super(dataSource);
		}

		@Override
		public Connection getConnection() throws SQLException {
			try {
				if (!this.free.tryAcquire(POOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
					throw new SQLTransientConnectionException("Connection is not available, request timed out");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new SQLTransientConnectionException("Interrupted while waiting for a connection", ex);
			}
			Connection connection;
			try {
				connection = super.getConnection();
			}
			catch (SQLException | RuntimeException ex) {
				this.free.release();
				throw ex;
			}
			AtomicBoolean closed = new AtomicBoolean();
			return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
					(proxy, method, arguments) -> {
						if (method.getName().equals("close")) {
							if (closed.compareAndSet(false, true)) {
								connection.close();
								this.free.release();
							}
							return null;
						}
						try {
							return method.invoke(connection, arguments);
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
		}

	}

}
