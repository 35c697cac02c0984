package dev.tokenstarter.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.h2.tools.Server;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import dev.tokenstarter.autoconfigure.LoopbackServer.RecordedRequest;
import dev.tokenstarter.core.lifecycle.InMemoryIssuanceBudget;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.lifecycle.ResilientIssuanceBudget;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;
import dev.tokenstarter.core.store.AesGcmTokenCipher;
import dev.tokenstarter.core.store.InMemoryTokenStore;
import dev.tokenstarter.core.store.RenewalLock;
import dev.tokenstarter.core.store.ResilientTokenStore;
import dev.tokenstarter.core.store.SharedStoreStatus;
import dev.tokenstarter.core.store.StoredToken;
import dev.tokenstarter.core.store.StoredTokenCodec;
import dev.tokenstarter.core.store.TokenStore;
import dev.tokenstarter.core.store.jdbc.JdbcRenewalLock;
import dev.tokenstarter.core.store.jdbc.JdbcTokenStore;
import dev.tokenstarter.core.test.MutableClock;
import dev.tokenstarter.core.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TokenStarterJdbcStoreAutoConfiguration}, on H2 and on PostgreSQL: the beans it
 * defines, and what they do for an application: a restart reuses the stored token, a fleet sends one
 * token request, tokens are encrypted at rest, and an unreachable database does not stop API calls.
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenStarterJdbcStoreAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final byte[] KEY_BYTES = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final String KEY = Base64.getEncoder().encodeToString(KEY_BYTES);

	private static final String PRINCIPAL = "token-starter";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				TokenStarterJdbcStoreAutoConfiguration.class, TokenStarterAutoConfiguration.class));

	private LoopbackServer server;

	private final AtomicInteger issued = new AtomicInteger();

	private final List<TestDatabase.Connection> databases = new ArrayList<>();

	@BeforeEach
	void startServer() throws Exception {
		this.server = LoopbackServer.start();
		this.server.onJson("/api/items", 200, "{\"items\":[1,2]}");
		this.server.on("/oauth/token", (request) -> tokenResponse(3600));
	}

	@AfterEach
	void stopServerAndDropTables() {
		this.server.close();
		this.databases.forEach(TestDatabase.Connection::dropTables);
	}

	@Test
	void autoConfigurationWhenTypeJdbcThenResilientJdbcStoreBudgetAndLock() {
		this.contextRunner.withPropertyValues(database(TestDatabase.H2).properties())
			.withPropertyValues(client("token-starter.store.encryption-key=" + KEY))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(TokenStore.class).isInstanceOf(ResilientTokenStore.class);
				assertThat(context).getBean(IssuanceBudget.class).isInstanceOf(ResilientIssuanceBudget.class);
				assertThat(context).getBean(RenewalLock.class).isInstanceOf(JdbcRenewalLock.class);
				assertThat(context.getBean(SharedStoreStatus.class).getStoreName()).isEqualTo("jdbc");
				assertThat(context).doesNotHaveBean(JdbcOperations.class);
			});
	}

	@Test
	void autoConfigurationWhenNoEncryptionKeyThenStartupFailsNamingKeyAndHowToMakeOne() {
		this.contextRunner.withPropertyValues(database(TestDatabase.H2).properties())
			.withPropertyValues(client())
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootCause(context.getStartupFailure())).isInstanceOfSatisfying(TokenStarterConfigurationException.class,
						(ex) -> assertThat(ex.getAction()).contains("openssl rand -base64 32"))
					.hasMessageContaining("token-starter.store.encryption-key must be set")
					.satisfies((ex) -> assertThat(((TokenStarterConfigurationException) ex).getAction())
						.contains("token-starter.store.allow-plaintext=true"));
			});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidKeys")
	void autoConfigurationWhenEncryptionKeyInvalidThenStartupFailsWithoutPrintingKey(String problem, String key) {
		this.contextRunner.withPropertyValues(database(TestDatabase.H2).properties())
			.withPropertyValues(client("token-starter.store.encryption-key=" + key))
			.run((context) -> {
				assertThat(context).hasFailed();
				for (Throwable ex = context.getStartupFailure(); ex != null; ex = ex.getCause()) {
					assertThat(String.valueOf(ex.getMessage())).doesNotContain(key);
				}
				assertThat(rootCause(context.getStartupFailure())).isInstanceOfSatisfying(TokenStarterConfigurationException.class,
						(ex) -> assertThat(ex.getAction()).contains("openssl rand -base64 32"))
					.hasMessageContaining("token-starter.store.encryption-key " + problem);
			});
	}

	static Stream<Arguments> invalidKeys() {
		return Stream.of(Arguments.of("is not valid base64", "not*base64*SECRETVALUE"),
				Arguments.of("decodes to 10 bytes", Base64.getEncoder().encodeToString("SECRETVAL!".getBytes())));
	}

	@Test
	void autoConfigurationWhenPlaintextAllowedThenStartsAndStoresTokensInClear() {
		TestDatabase.Connection database = database(TestDatabase.H2);
		this.contextRunner.withPropertyValues(database.properties())
			.withPropertyValues(client("token-starter.store.allow-plaintext=true"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				callApi(context);
				byte[] raw = new JdbcTemplate(database.dataSource()).queryForObject(
						"SELECT token FROM " + database.tablePrefix() + "tokens", byte[].class);
				assertThat(new String(raw, StandardCharsets.UTF_8)).contains("make-1");
			});
	}

	@Test
	void autoConfigurationWhenUserDefinesStoreBeansThenUserBeansWin() {
		TokenStore store = new InMemoryTokenStore();
		IssuanceBudget budget = IssuanceBudget.UNLIMITED;
		RenewalLock lock = new RenewalLock() {

			@Override
			public boolean tryAcquire(String registrationId, String owner, Duration lease) {
				return true;
			}

			@Override
			public void release(String registrationId, String owner) {
			}

		};
		this.contextRunner.withPropertyValues(database(TestDatabase.H2).properties())
			.withPropertyValues(client())
			.withBean(TokenStore.class, () -> store)
			.withBean(IssuanceBudget.class, () -> budget)
			.withBean(RenewalLock.class, () -> lock)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(TokenStore.class).isSameAs(store);
				assertThat(context).getBean(IssuanceBudget.class).isSameAs(budget);
				assertThat(context).getBean(RenewalLock.class).isSameAs(lock);
			});
	}

	@Test
	void autoConfigurationWhenTypeUnsetThenInMemoryStoreAndNoLock() {
		TestDatabase.Connection database = database(TestDatabase.H2);
		this.contextRunner
			.withPropertyValues(Stream.of(database.properties())
				.filter((property) -> !property.startsWith("token-starter.store."))
				.toArray(String[]::new))
			.withPropertyValues(client())
			.run((context) -> {
				assertThat(context).hasSingleBean(DataSource.class);
				assertThat(context).getBean(TokenStore.class).isInstanceOf(InMemoryTokenStore.class);
				assertThat(context).getBean(IssuanceBudget.class).isInstanceOf(InMemoryIssuanceBudget.class);
				assertThat(context).doesNotHaveBean(RenewalLock.class);
				assertThat(context).doesNotHaveBean(SharedStoreStatus.class);
			});
	}

	@Test
	void autoConfigurationWhenSpringJdbcMissingThenStartUpFailsNamingTheStoreType() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JdbcOperations.class))
			.withPropertyValues(client("token-starter.store.type=jdbc"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(TokenStarterConfigurationException.class)
					.hasMessageContaining("token-starter.store.type is 'jdbc'");
			});
	}

	@Test
	void autoConfigurationWhenNoDataSourceThenStartUpFailsNamingTheStoreType() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TokenStarterJdbcStoreAutoConfiguration.class,
					TokenStarterAutoConfiguration.class))
			.withPropertyValues(client("token-starter.store.type=jdbc"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(TokenStarterConfigurationException.class)
					.hasMessageContaining("token-starter.store.type is 'jdbc'")
					.hasMessageContaining("DataSource");
			});
	}

	@Test
	void autoConfigurationWhenDisabledThenNoStoreBeans() {
		this.contextRunner.withPropertyValues(database(TestDatabase.H2).properties())
			.withPropertyValues(client("token-starter.enabled=false"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(TokenStore.class);
				assertThat(context).doesNotHaveBean(RenewalLock.class);
			});
	}

	@Test
	void tokenStoreWhenInitializeSchemaFalseThenTablesLeftToTheApplication() {
		TestDatabase.Connection database = database(TestDatabase.H2);
		this.contextRunner.withPropertyValues(database.properties())
			.withPropertyValues(client("token-starter.store.encryption-key=" + KEY,
					"token-starter.store.jdbc.initialize-schema=false"))
			.run((context) -> {
				assertThat(callApi(context)).isEqualTo("Bearer make-1");
				assertThatExceptionOfType(BadSqlGrammarException.class)
					.isThrownBy(() -> new JdbcTemplate(database.dataSource())
						.queryForObject("SELECT COUNT(*) FROM " + database.tablePrefix() + "tokens", Integer.class));
				assertThat(context.getBean(SharedStoreStatus.class).isAvailable()).isFalse();
			});
	}

	@Test
	void tokenStoreWhenApplicationTransactionRollsBackThenTokenStaysStored() {
		TestDatabase.Connection database = database(TestDatabase.H2);
		this.contextRunner.withPropertyValues(database.properties())
			.withPropertyValues(client("token-starter.store.encryption-key=" + KEY))
			.run((context) -> {
				TokenStore store = context.getBean(TokenStore.class);
				TransactionTemplate transaction = new TransactionTemplate(
						new DataSourceTransactionManager(context.getBean(DataSource.class)));
				transaction.executeWithoutResult((status) -> {
					store.save("make", PRINCIPAL, token("in-transaction"));
					status.setRollbackOnly();
				});
				assertThat(storedAccessToken(database)).isEqualTo("in-transaction");
			});
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void tokensAtRestWhenFetchedThenRawRowHoldsNeitherAccessNorRefreshToken(TestDatabase type) {
		this.server.onJson("/oauth/token", 200, "{\"access_token\":\"access-SECRET-1\",\"token_type\":\"bearer\","
				+ "\"expires_in\":3600,\"refresh_token\":\"refresh-SECRET-1\"}");
		TestDatabase.Connection database = database(type);
		this.contextRunner.withPropertyValues(database.properties())
			.withPropertyValues(client("token-starter.store.encryption-key=" + KEY))
			.run((context) -> {
				assertThat(callApi(context)).isEqualTo("Bearer access-SECRET-1");
				List<Map<String, Object>> rows = new JdbcTemplate(database.dataSource())
					.queryForList("SELECT * FROM " + database.tablePrefix() + "tokens");
				assertThat(rows).hasSize(1);
				StringBuilder raw = new StringBuilder();
				rows.get(0)
					.values()
					.forEach((value) -> raw.append((value instanceof byte[] bytes)
							? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value)));
				assertThat(raw.toString()).contains("make").doesNotContain("access-SECRET-1", "refresh-SECRET-1");
				assertThat(storedToken(database).refreshToken().getTokenValue()).isEqualTo("refresh-SECRET-1");
			});
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void restartWhenStoredTokenStillValidThenNoTokenRequest(TestDatabase type) {
		ApplicationContextRunner runner = this.contextRunner.withPropertyValues(database(type).properties())
			.withPropertyValues(client("token-starter.store.encryption-key=" + KEY));
		runner.run((context) -> assertThat(callApi(context)).isEqualTo("Bearer make-1"));
		assertThat(this.server.requests("/oauth/token")).hasSize(1);
		runner.run((context) -> {
			assertThat(callApi(context)).isEqualTo("Bearer make-1");
			assertThat(callApi(context)).isEqualTo("Bearer make-1");
		});
		assertThat(this.server.requests("/oauth/token")).hasSize(1);
		assertThat(this.server.requests("/api/items")).hasSize(3);
	}

	@Test
	void fleetWhenFourInstancesNeedTokenAtOnceThenOneTokenRequest() throws Throwable {
		this.server.on("/oauth/token", (request) -> {
			LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
			return tokenResponse(3600);
		});
		TestDatabase.Connection database = database(TestDatabase.POSTGRESQL);
		ApplicationContextRunner runner = this.contextRunner.withPropertyValues(database.properties())
			.withPropertyValues(client("token-starter.store.encryption-key=" + KEY,
					"token-starter.clients.make.lifecycle.budget.limit=5"));
		List<String> authorizations = new CopyOnWriteArrayList<>();
		withContexts(runner, 4, new ArrayList<>(), (contexts) -> {
			ExecutorService callers = Executors.newFixedThreadPool(100);
			try {
				CountDownLatch ready = new CountDownLatch(100);
				CountDownLatch start = new CountDownLatch(1);
				List<Future<?>> calls = new ArrayList<>();
				for (AssertableApplicationContext context : contexts) {
					RestClient restClient = context.getBean("makeRestClient", RestClient.class);
					for (int i = 0; i < 25; i++) {
						calls.add(callers.submit(() -> {
							ready.countDown();
							start.await();
							restClient.get().uri("/api/items").retrieve().toBodilessEntity();
							return null;
						}));
					}
				}
				assertThat(ready.await(10, TimeUnit.SECONDS)).as("callers ready").isTrue();
				start.countDown();
				for (Future<?> call : calls) {
					call.get(20, TimeUnit.SECONDS);
				}
			}
			finally {
				dumpStacksIfAlive(callers);
			}
		});
		this.server.requests("/api/items").forEach((request) -> authorizations.add(request.header("Authorization")));
		assertThat(this.server.requests("/oauth/token")).hasSize(1);
		assertThat(authorizations).hasSize(100).containsOnly("Bearer make-1");
		assertThat(new JdbcTemplate(database.dataSource())
			.queryForObject("SELECT used FROM " + database.tablePrefix() + "budgets", Integer.class)).isEqualTo(1);
	}

	@Test
	void outageWhenDatabaseUnreachableThenCallsServedWithOneWarningAndRenewedTokenWrittenBackWhenBack(
			CapturedOutput output) throws Exception {
		int port = freePort();
		Server[] running = { Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists").start() };
		TestDatabase.Connection database = new TestDatabase.Connection(
				"jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa");
		try {
			List<String> storedWhenRequested = new CopyOnWriteArrayList<>();
			this.server.on("/oauth/token", (request) -> {
				storedWhenRequested.add(storedAccessTokenOrUnreachable(database));
				return tokenResponse(100);
			});
			MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
			this.contextRunner.withPropertyValues(database.properties())
				.withPropertyValues(client("token-starter.store.encryption-key=" + KEY,
						"token-starter.clients.make.lifecycle.refresh-ahead-ratio=0.5"))
				.withBean(Clock.class, () -> clock)
				.run((context) -> {
					TokenLifecycle lifecycle = context.getBean(TokenStarterClients.class).lifecycle("make");
					assertThat(callApi(context)).isEqualTo("Bearer make-1");
					assertThat(storedAccessToken(database)).isEqualTo("make-1");
					running[0].stop();
					clock.advance(Duration.ofSeconds(60));
					assertThat(callApi(context)).isEqualTo("Bearer make-1");
					await().atMost(TIMEOUT).until(() -> "make-2".equals(currentToken(lifecycle)));
					for (int i = 0; i < 5; i++) {
						assertThat(callApi(context)).isEqualTo("Bearer make-2");
					}
					assertThat(context.getBean(SharedStoreStatus.class).isAvailable()).isFalse();
					running[0] = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists").start();
					clock.advance(Duration.ofSeconds(51));
					assertThat(callApi(context)).isEqualTo("Bearer make-2");
					await().atMost(TIMEOUT).until(() -> "make-3".equals(currentToken(lifecycle)));
					assertThat(callApi(context)).isEqualTo("Bearer make-3");
					assertThat(context.getBean(SharedStoreStatus.class).isAvailable()).isTrue();
				});
			assertThat(storedAccessToken(database)).isEqualTo("make-3");
			assertThat(storedWhenRequested).as("token in the database when each token request was sent")
				.containsExactly("none", "unreachable", "make-2");
			assertThat(output.getAll().lines().filter((line) -> line.contains("WARN"))).singleElement()
				.asString()
				.contains("Shared token store 'jdbc' cannot be reached");
			assertThat(output.getAll()).containsOnlyOnce("Shared token store 'jdbc' is reachable again");
		}
		finally {
			if (running[0].isRunning(false)) {
				database.dropTables();
			}
			running[0].stop();
		}
	}

	private TestDatabase.Connection database(TestDatabase type) {
		TestDatabase.Connection database = type.connect();
		this.databases.add(database);
		return database;
	}

	/**
	 * Return the properties of client 'make', a client-credentials login at the loopback server, followed
	 * by the given ones.
	 */
	private String[] client(String... more) {
		String p = "token-starter.clients.make.";
		return Stream.concat(Stream.of(p + "grant=client-credentials", p + "client-id=make-client",
				p + "client-secret=make-SECRET-123", p + "base-url=" + this.server.baseUrl(),
				p + "token.uri=" + this.server.url("/oauth/token"), p + "token.body-format=form",
				p + "token.body.grant_type=client_credentials"), Stream.of(more))
			.toArray(String[]::new);
	}

	private LoopbackServer.Reply tokenResponse(int expiresIn) {
		return new LoopbackServer.Reply(200, "application/json", "{\"access_token\":\"make-"
				+ this.issued.incrementAndGet() + "\",\"token_type\":\"bearer\",\"expires_in\":" + expiresIn + "}");
	}

	/**
	 * Call the API through the client's RestClient and return the Authorization header it carried.
	 */
	private String callApi(AssertableApplicationContext context) {
		context.getBean("makeRestClient", RestClient.class).get().uri("/api/items").retrieve().toBodilessEntity();
		List<RecordedRequest> requests = this.server.requests("/api/items");
		return requests.get(requests.size() - 1).header("Authorization");
	}

	private static @Nullable String currentToken(TokenLifecycle lifecycle) {
		return (lifecycle.currentClient() != null) ? lifecycle.currentClient().getAccessToken().getTokenValue()
				: null;
	}

	private static @Nullable String storedAccessToken(TestDatabase.Connection database) {
		StoredToken token = storedToken(database);
		return (token != null) ? token.accessToken().getTokenValue() : null;
	}

	private static String storedAccessTokenOrUnreachable(TestDatabase.Connection database) {
		try {
			String token = storedAccessToken(database);
			return (token != null) ? token : "none";
		}
		catch (DataAccessException ex) {
			return "unreachable";
		}
	}

	private static @Nullable StoredToken storedToken(TestDatabase.Connection database) {
		JdbcTokenStore store = new JdbcTokenStore(new JdbcTemplate(database.dataSource()),
				new AesGcmTokenCipher(KEY_BYTES), new StoredTokenCodec(), database.tablePrefix());
		return store.load("make", PRINCIPAL);
	}

	private static StoredToken token(String value) {
		Instant now = Instant.now();
		return new StoredToken(
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, now, now.plusSeconds(3600)), null);
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root;
	}

	/**
	 * Run the body with {@code count} application contexts of the runner open at once.
	 */
	private static void withContexts(ApplicationContextRunner runner, int count,
			List<AssertableApplicationContext> open, ContextsConsumer body) throws Throwable {
		if (open.size() == count) {
			body.accept(open);
			return;
		}
		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			open.add(context);
			withContexts(runner, count, open, body);
		});
	}

	@FunctionalInterface
	private interface ContextsConsumer {

		void accept(List<AssertableApplicationContext> contexts) throws Throwable;

	}

	private static void dumpStacksIfAlive(ExecutorService callers) throws InterruptedException {
		callers.shutdown();
		if (!callers.awaitTermination(10, TimeUnit.SECONDS)) {
			Thread.getAllStackTraces().forEach((thread, stack) -> {
				System.err.println(thread);
				for (StackTraceElement element : stack) {
					System.err.println("\tat " + element);
				}
			});
			callers.shutdownNow();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
