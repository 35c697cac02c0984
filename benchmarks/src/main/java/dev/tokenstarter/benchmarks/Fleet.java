package dev.tokenstarter.benchmarks;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.JdbcOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;

import dev.tokenstarter.autoconfigure.TokenStarterAutoConfiguration;
import dev.tokenstarter.autoconfigure.TokenStarterClients;
import dev.tokenstarter.autoconfigure.TokenStarterJdbcStoreAutoConfiguration;
import dev.tokenstarter.autoconfigure.TokenStarterProperties;
import dev.tokenstarter.autoconfigure.TokenStarterRedisStoreAutoConfiguration;
import dev.tokenstarter.core.test.RedisServerBinary;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;
import dev.tokenstarter.core.store.TokenStore;

/**
 * A fleet of {@value #INSTANCES} instances of one application, started together against one shared
 * store, needs its first token: {@value #CALLERS_PER_INSTANCE} callers per instance are released at once
 * while the token endpoint takes {@value Stampede#LATENCY_MILLIS} ms to answer. Each instance is a Spring
 * application context of its own ({@code SpringApplicationBuilder}, no web server).
 * <p>
 * token-starter: the auto-configurations with {@code token-starter.store.type=redis} (Boot's Redis
 * auto-configuration, a redis-server started for the run) or {@code jdbc} (Boot's DataSource
 * auto-configuration, the PostgreSQL server of {@code TOKEN_STARTER_TEST_POSTGRES_URL}, else an embedded
 * one started for the run); callers call
 * {@code lifecycle.token()}. The instances share the token and the renewal lock through the store, so the
 * fleet sends one token request. Stock Spring Security: per instance its own
 * {@link AuthorizedClientServiceOAuth2AuthorizedClientManager} with the built-in client-credentials
 * provider; callers call {@code manager.authorize(request)}. Stock has no Redis store, so next to Redis
 * it keeps clients in {@link InMemoryOAuth2AuthorizedClientService}; next to PostgreSQL it uses
 * {@link JdbcOAuth2AuthorizedClientService} on the same database. It has no single-flight and no
 * cross-instance coordination.
 * <p>
 * Every run starts from fresh contexts and an empty place in the store (a Redis key prefix, a PostgreSQL
 * schema and table prefix of its own). Before the release each instance reads its store once (nothing is
 * there yet), so that connections are open and tables exist on both sides. Each scenario runs once
 * unreported first, so that class loading does not fall on one side.
 *
 * @author token-starter
 */
final class Fleet {

	static final int INSTANCES = 4;

	static final int CALLERS_PER_INSTANCE = 25;

	static final String CLIENT = "bench";

	private static final String STOCK_TOKEN_URI = "benchmark.stock.token-uri";

	private static final Duration LIFETIME = Duration.ofHours(2);

	private Fleet() {
	}

	static void run(Consumer<ResultLine> out) {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		String encryptionKey = Base64.getEncoder().encodeToString(key);
		try (LoopbackServer server = LoopbackServer.start()) {
			server.setLatency(Duration.ofMillis(Stampede.LATENCY_MILLIS));
			server.setExpiresIn(LIFETIME);
			Map<String, Object> common = commonProperties(server, encryptionKey);
			onRedis(server, common, out);
			onPostgres(server, common, out);
		}
	}

	private static void onRedis(LoopbackServer server, Map<String, Object> common, Consumer<ResultLine> out) {
		onRedis("fleet", common, out, (places) -> runScenarios(server,
				new Store("redis", TokenStarterOnRedis.class, StockInstance.class, "in-memory", places), out));
	}

	private static void onPostgres(LoopbackServer server, Map<String, Object> common, Consumer<ResultLine> out) {
		onPostgres("fleet", common, out, (places) -> runScenarios(server,
				new Store("jdbc", TokenStarterOnJdbc.class, StockOnJdbc.class, "jdbc", places), out));
	}

	/**
	 * Run a benchmark on a redis-server of its own (the environment's binary, else the embedded one), each
	 * run on a fresh key prefix, or print a {@code skipped} line when there is no redis-server binary.
	 * @param name the benchmark, which names the skipped line
	 * @param common the properties of every instance
	 * @param out where results go
	 * @param benchmark runs the benchmark on the places it is given
	 */
	static void onRedis(String name, Map<String, Object> common, Consumer<ResultLine> out,
			Consumer<Supplier<Place>> benchmark) {
		Path binary;
		try {
			binary = RedisServerBinary.get();
		}
		catch (IllegalStateException ex) {
			System.err.println(name + ": no redis-server: " + ex.getMessage());
			out.accept(skipped(name, "redis", "no-redis-server"));
			return;
		}
		System.err.println(name + ": redis-server " + binary + (RedisServerBinary.isEmbedded() ? " (embedded)" : ""));
		try (RedisServer redis = RedisServer.start(binary)) {
			benchmark.accept(() -> {
				Map<String, Object> properties = new LinkedHashMap<>(common);
				properties.put("spring.data.redis.host", redis.host());
				properties.put("spring.data.redis.port", redis.port());
				properties.put("token-starter.store.type", "redis");
				properties.put("token-starter.store.redis.key-prefix", "fleet-" + unique() + ":");
				return new Place(properties, () -> {
				});
			});
		}
	}

	/**
	 * Run a benchmark on the PostgreSQL server of the environment, else an embedded one, each run in a
	 * schema and table prefix of its own, or print a {@code skipped} line when none can run here or the
	 * environment's does not answer.
	 * @param name the benchmark, which names the skipped line
	 * @param common the properties of every instance
	 * @param out where results go
	 * @param benchmark runs the benchmark on the places it is given
	 */
	static void onPostgres(String name, Map<String, Object> common, Consumer<ResultLine> out,
			Consumer<Supplier<Place>> benchmark) {
		PostgresDatabase database;
		try {
			database = PostgresDatabase.get();
		}
		catch (IllegalStateException ex) {
			System.err.println(name + ": no PostgreSQL: " + ex.getMessage());
			out.accept(skipped(name, "jdbc", "no-postgresql"));
			return;
		}
		System.err.println(name + ": PostgreSQL at " + database.url() + (database.isEmbedded() ? " (embedded)" : ""));
		String unreachable = database.unreachable();
		if (unreachable != null) {
			System.err.println(name + ": the PostgreSQL at " + database.url() + " cannot be reached: " + unreachable);
			out.accept(skipped(name, "jdbc", "postgresql-unreachable"));
			return;
		}
		benchmark.accept(() -> {
			PostgresDatabase.Schema schema = database.createSchema();
			Map<String, Object> properties = new LinkedHashMap<>(common);
			properties.put("spring.datasource.url", schema.url());
			properties.put("spring.datasource.username", schema.user());
			properties.put("spring.datasource.password", "");
			properties.put("token-starter.store.type", "jdbc");
			properties.put("token-starter.store.jdbc.table-prefix", "ts_" + unique() + "_");
			return new Place(properties, schema::close);
		});
	}

	private static void runScenarios(LoopbackServer server, Store store, Consumer<ResultLine> out) {
		for (Impl impl : Impl.values()) {
			run(server, store, impl, (line) -> {
			});
		}
		for (Impl impl : Impl.values()) {
			run(server, store, impl, out);
		}
	}

	private static void run(LoopbackServer server, Store store, Impl impl, Consumer<ResultLine> out) {
		try (Place place = store.places().get()) {
			List<ConfigurableApplicationContext> contexts = new ArrayList<>();
			try {
				for (int i = 0; i < INSTANCES; i++) {
					contexts.add(start(impl.source(store), place.properties()));
				}
				List<Runnable> instances = contexts.stream().map(impl::caller).toList();
				AtomicInteger next = new AtomicInteger();
				long before = server.requests(impl.tokenPath);
				LatchedCallers.Outcome outcome = LatchedCallers.run(INSTANCES * CALLERS_PER_INSTANCE,
						(completion) -> {
							instances.get(next.getAndIncrement() % INSTANCES).run();
							completion.succeeded();
						});
				long requests = server.requests(impl.tokenPath) - before;
				if (outcome.firstError() != null) {
					System.err.println("fleet " + impl.name + " " + store.name() + ": " + outcome.errors()
							+ " callers failed, first with " + outcome.firstError());
				}
				ResultLine line = ResultLine.of("fleet").with("impl", impl.name).with("store", store.name());
				if (impl == Impl.SPRING_SECURITY) {
					line.with("service", store.stockService());
				}
				out.accept(line.with("instances", INSTANCES)
					.with("callers", INSTANCES * CALLERS_PER_INSTANCE)
					.with("token_requests", requests)
					.with("p50_ms", outcome.percentileMillis(50), 1)
					.with("p99_ms", outcome.percentileMillis(99), 1)
					.with("max_ms", outcome.percentileMillis(100), 1)
					.with("wall_ms", outcome.wallMillis(), 1)
					.with("errors", outcome.errors()));
			}
			finally {
				Collections.reverse(contexts);
				contexts.forEach(ConfigurableApplicationContext::close);
			}
		}
	}

	static ConfigurableApplicationContext start(Class<?> source, Map<String, Object> properties,
			ApplicationContextInitializer<?>... initializers) {
		return new SpringApplicationBuilder(source).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.registerShutdownHook(false)
			.properties(properties)
			.initializers(initializers)
			.run();
	}

	/**
	 * Properties of every instance: client {@value #CLIENT} of the JSON token endpoint for token-starter,
	 * with the fleet's encryption key, and the form token endpoint for stock.
	 */
	static Map<String, Object> commonProperties(LoopbackServer server, String encryptionKey) {
		String client = "token-starter.clients." + CLIENT + ".";
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("logging.level.root", "warn");
		properties.put(client + "grant", "client-credentials");
		properties.put(client + "client-id", "bench-client");
		properties.put(client + "client-secret", "bench-secret");
		properties.put(client + "token.uri", server.uri(LoopbackServer.JSON_TOKEN_PATH).toString());
		properties.put(client + "token.body-format", "json");
		properties.put(client + "token.body.[clientId]", "{client-id}");
		properties.put(client + "token.body.[clientSecret]", "{client-secret}");
		properties.put("token-starter.store.encryption-key", encryptionKey);
		properties.put(STOCK_TOKEN_URI, server.uri(LoopbackServer.FORM_TOKEN_PATH).toString());
		return properties;
	}

	private static ResultLine skipped(String name, String store, String reason) {
		return ResultLine.of(name).with("store", store).with("skipped", reason);
	}

	static String unique() {
		return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

	/**
	 * The two implementations: what an instance is made of, and what one caller does on it.
	 */
	private enum Impl {

		TOKEN_STARTER("token-starter", LoopbackServer.JSON_TOKEN_PATH) {

			@Override
			Class<?> source(Store store) {
				return store.tokenStarterSource();
			}

			@Override
			Runnable caller(ConfigurableApplicationContext context) {
				String principal = context.getBean(TokenStarterProperties.class).getPrincipal();
				context.getBean(TokenStore.class).load(CLIENT, principal);
				TokenLifecycle lifecycle = context.getBean(TokenStarterClients.class).lifecycle(CLIENT);
				return lifecycle::token;
			}

		},

		SPRING_SECURITY("spring-security", LoopbackServer.FORM_TOKEN_PATH) {

			@Override
			Class<?> source(Store store) {
				return store.stockSource();
			}

			@Override
			Runnable caller(ConfigurableApplicationContext context) {
				OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest
					.withClientRegistrationId(SpringSecurityFixture.REGISTRATION_ID)
					.principal(TokenStarterFixture.PRINCIPAL)
					.build();
				context.getBean(OAuth2AuthorizedClientService.class)
					.loadAuthorizedClient(SpringSecurityFixture.REGISTRATION_ID, TokenStarterFixture.PRINCIPAL);
				AuthorizedClientServiceOAuth2AuthorizedClientManager manager = context
					.getBean(AuthorizedClientServiceOAuth2AuthorizedClientManager.class);
				return () -> {
					if (manager.authorize(request) == null) {
						throw new IllegalStateException("Spring Security authorized no client");
					}
				};
			}

		};

		private final String name;

		private final String tokenPath;

		Impl(String name, String tokenPath) {
			this.name = name;
			this.tokenPath = tokenPath;
		}

		abstract Class<?> source(Store store);

		/**
		 * Return what one caller does on an instance, after reading the instance's store once.
		 */
		abstract Runnable caller(ConfigurableApplicationContext context);

	}

	/**
	 * A shared store: the configuration of each side's instances, which authorized-client service stock
	 * uses next to it, and a fresh place in it for each run.
	 */
	private record Store(String name, Class<?> tokenStarterSource, Class<?> stockSource, String stockService,
			Supplier<Place> places) {
	}

	/**
	 * The properties of the instances of one run, and how to remove what the run left in the store.
	 */
	record Place(Map<String, Object> properties, Runnable cleanup) implements AutoCloseable {

		@Override
		public void close() {
			this.cleanup.run();
		}

	}

	/**
	 * A token-starter instance on Redis.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, TokenStarterRedisStoreAutoConfiguration.class,
			TokenStarterAutoConfiguration.class })
	static class TokenStarterOnRedis {

	}

	/**
	 * A token-starter instance on PostgreSQL.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, TokenStarterJdbcStoreAutoConfiguration.class,
			TokenStarterAutoConfiguration.class })
	static class TokenStarterOnJdbc {

	}

	/**
	 * A stock Spring Security instance: {@link JdbcOAuth2AuthorizedClientService} when the instance has a
	 * {@link DataSource}, else {@link InMemoryOAuth2AuthorizedClientService}.
	 */
	@Configuration(proxyBeanMethods = false)
	static class StockInstance {

		@Bean
		ClientRegistrationRepository stockClientRegistrations(Environment environment) {
			return new InMemoryClientRegistrationRepository(
					SpringSecurityFixture.registration(URI.create(environment.getRequiredProperty(STOCK_TOKEN_URI))));
		}

		@Bean
		OAuth2AuthorizedClientService stockAuthorizedClientService(ClientRegistrationRepository registrations,
				ObjectProvider<DataSource> dataSource) {
			DataSource jdbc = dataSource.getIfAvailable();
			return (jdbc != null) ? new JdbcOAuth2AuthorizedClientService(new JdbcTemplate(jdbc), registrations)
					: new InMemoryOAuth2AuthorizedClientService(registrations);
		}

		@Bean
		AuthorizedClientServiceOAuth2AuthorizedClientManager stockAuthorizedClientManager(
				ClientRegistrationRepository registrations, OAuth2AuthorizedClientService service) {
			return SpringSecurityFixture.blockingManager(registrations, service, JdkHttp.client(), Clock.systemUTC());
		}

	}

	/**
	 * A stock Spring Security instance on PostgreSQL, with Boot's DataSource like token-starter's.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DataSourceAutoConfiguration.class)
	@Import(StockInstance.class)
	static class StockOnJdbc {

	}

}
