package dev.tokenstarter.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import dev.tokenstarter.autoconfigure.LoopbackServer.RecordedRequest;
import dev.tokenstarter.autoconfigure.LoopbackServer.Reply;
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
import dev.tokenstarter.core.store.redis.RedisServerProcess;
import dev.tokenstarter.core.store.redis.RedisRenewalLock;
import dev.tokenstarter.core.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TokenStarterRedisStoreAutoConfiguration}, against a real redis-server: the beans, the
 * encryption key, and what the store is for (restarts, a fleet, Redis going away).
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenStarterRedisStoreAutoConfigurationTests {

	@RegisterExtension
	static final RedisServerProcess redis = new RedisServerProcess();

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final byte[] AES_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final String ENCRYPTION_KEY = Base64.getEncoder().encodeToString(AES_KEY);

	private static final String CLIENT_SECRET = "make-SECRET-123";

	private static final String TOKEN_KEY = "token-starter:token:memories:token-starter";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(DataRedisAutoConfiguration.class, TokenStarterRedisStoreAutoConfiguration.class,
					TokenStarterAutoConfiguration.class));

	private final AtomicInteger issued = new AtomicInteger();

	private LoopbackServer server;

	@BeforeEach
	void setUp() throws Exception {
		redis.start();
		redis.flushAll();
		this.server = LoopbackServer.start();
		this.server.onJson("/api/items", 200, "{\"items\":[1,2]}");
		tokenEndpoint(3600, Duration.ZERO);
	}

	@AfterEach
	void tearDown() {
		this.server.close();
	}

	@Test
	void autoConfigurationWhenRedisStoreThenRedisBackedBeans() {
		this.contextRunner.withPropertyValues(redisStore()).run((context) -> {
			assertThat(context).getBean(TokenStore.class).isInstanceOf(ResilientTokenStore.class);
			assertThat(context).getBean(IssuanceBudget.class).isInstanceOf(ResilientIssuanceBudget.class);
			assertThat(context).getBean(RenewalLock.class).isInstanceOf(RedisRenewalLock.class);
			assertThat(context.getBean(SharedStoreStatus.class).getStoreName()).isEqualTo("redis");
			assertThat(context.getBean(ResilientTokenStore.class).getStatus())
				.isSameAs(context.getBean(SharedStoreStatus.class));
		});
	}

	@Test
	void autoConfigurationWhenMemoryStoreThenNoRedisBeans() {
		this.contextRunner.withPropertyValues(redisConnection()).withPropertyValues(client()).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(TokenStore.class).isInstanceOf(InMemoryTokenStore.class);
			assertThat(context).getBean(IssuanceBudget.class).isInstanceOf(InMemoryIssuanceBudget.class);
			assertThat(context).doesNotHaveBean(RenewalLock.class);
			assertThat(context).doesNotHaveBean(SharedStoreStatus.class);
			apiCall(context);
			assertThat(redis.keys()).isEmpty();
		});
	}

	@Test
	void autoConfigurationWhenTokenStarterDisabledThenNoRedisBeans() {
		this.contextRunner.withPropertyValues(redisStore()).withPropertyValues("token-starter.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(TokenStore.class);
				assertThat(context).doesNotHaveBean(RenewalLock.class);
				assertThat(context).doesNotHaveBean(SharedStoreStatus.class);
			});
	}

	@Test
	void autoConfigurationWhenSpringDataRedisMissingThenStartUpFailsNamingTheStoreType() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.withPropertyValues(redisStore())
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(TokenStarterConfigurationException.class)
					.hasMessageContaining("token-starter.store.type is 'redis'")
					.hasMessageContaining("RedisConnectionFactory");
			});
	}

	@Test
	void autoConfigurationWhenNoEncryptionKeyThenStartupFailureNamesKeyAndHowToMakeOne() {
		this.contextRunner.withPropertyValues(redisConnection())
			.withPropertyValues("token-starter.store.type=redis")
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
	void autoConfigurationWhenEncryptionKeyInvalidThenStartupFailureNamesKeyButNotItsValue(String problem,
			String key) {
		this.contextRunner.withPropertyValues(redisConnection())
			.withPropertyValues("token-starter.store.type=redis", "token-starter.store.encryption-key=" + key)
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
					assertThat(String.valueOf(cause.getMessage())).doesNotContain(key);
				}
				assertThat(rootCause(failure)).isInstanceOfSatisfying(TokenStarterConfigurationException.class,
						(ex) -> assertThat(ex.getAction()).contains("openssl rand -base64 32"))
					.hasMessageStartingWith("token-starter.store.encryption-key " + problem);
			});
	}

	static Stream<Arguments> invalidKeys() {
		String twentyBytes = Base64.getEncoder()
			.encodeToString("twenty-bytes-SECRET!".getBytes(StandardCharsets.US_ASCII));
		return Stream.of(Arguments.of("is not valid base64", "not*base64*SECRETKEY"),
				Arguments.of("decodes to 20 bytes", twentyBytes));
	}

	@Test
	void autoConfigurationWhenPlaintextAllowedThenTokensKeptInClear() {
		this.contextRunner.withPropertyValues(redisConnection())
			.withPropertyValues(client())
			.withPropertyValues("token-starter.store.type=redis", "token-starter.store.allow-plaintext=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				apiCall(context);
				assertThat(redis.getString(TOKEN_KEY)).contains("make-1", "refresh-1");
			});
	}

	@Test
	void autoConfigurationWhenUserDefinesStoreBeansThenUserBeansWin() {
		this.contextRunner.withPropertyValues(redisStore())
			.withUserConfiguration(UserStoreConfiguration.class)
			.run((context) -> {
				assertThat(context).getBean(TokenStore.class).isSameAs(UserStoreConfiguration.TOKEN_STORE);
				assertThat(context).getBean(RenewalLock.class).isSameAs(UserStoreConfiguration.RENEWAL_LOCK);
				assertThat(context).getBean(IssuanceBudget.class).isInstanceOf(ResilientIssuanceBudget.class);
				apiCall(context);
				assertThat(UserStoreConfiguration.TOKEN_STORE.load("memories", "token-starter")).isNotNull();
				assertThat(redis.keys()).doesNotContain(TOKEN_KEY);
			});
	}

	@Test
	void tokensAtRestWhenStoredThenRawValueHasNeitherTokenAndDecryptsWithTheKey() {
		this.contextRunner.withPropertyValues(redisStore())
			.withPropertyValues("token-starter.clients.memories.token.response.refresh-lifetime=7d")
			.run((context) -> {
			apiCall(context);
			byte[] raw = redis.get(TOKEN_KEY);
			assertThat(raw).isNotNull();
			assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain("make-1", "refresh-1");
			StoredToken stored = decrypt(raw);
			assertThat(stored.accessToken().getTokenValue()).isEqualTo("make-1");
			assertThat(stored.refreshToken().getTokenValue()).isEqualTo("refresh-1");
			assertThat(redis.pttl(TOKEN_KEY)).isLessThanOrEqualTo(Duration.ofDays(7).toMillis())
				.isGreaterThan(Duration.ofDays(7).minusMinutes(1).toMillis());
		});
	}

	@Test
	void restartWhenTokenStillValidThenNoTokenRequest() {
		ApplicationContextRunner runner = this.contextRunner.withPropertyValues(redisStore());
		runner.run((first) -> apiCall(first));
		assertThat(this.server.requests("/oauth/token")).hasSize(1);
		runner.run((restarted) -> {
			apiCall(restarted);
			apiCall(restarted);
		});
		assertThat(this.server.requests("/oauth/token")).hasSize(1);
		assertThat(this.server.requests("/api/items")).hasSize(3)
			.allSatisfy((request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer make-1"));
	}

	@Test
	void fleetWhenFourInstancesStartTogetherWithManyCallersThenOneTokenRequest() {
		tokenEndpoint(3600, Duration.ofMillis(50));
		int instances = 4;
		int callersPerInstance = 25;
		withContexts(this.contextRunner.withPropertyValues(redisStore()), instances, (contexts) -> {
			List<RestClient> restClients = contexts.stream()
				.map((context) -> context.getBean("memoriesRestClient", RestClient.class))
				.toList();
			int callers = instances * callersPerInstance;
			CountDownLatch ready = new CountDownLatch(callers);
			CountDownLatch start = new CountDownLatch(1);
			CountDownLatch done = new CountDownLatch(callers);
			Queue<Integer> statuses = new ConcurrentLinkedQueue<>();
			Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
			for (int i = 0; i < callers; i++) {
				RestClient restClient = restClients.get(i % instances);
				Thread caller = new Thread(() -> {
					ready.countDown();
					try {
						if (start.await(10, TimeUnit.SECONDS)) {
							statuses.add(restClient.get()
								.uri("/api/items")
								.retrieve()
								.toBodilessEntity()
								.getStatusCode()
								.value());
						}
					}
					catch (Throwable ex) {
						failures.add(ex);
					}
					finally {
						done.countDown();
					}
				}, "fleet-caller-" + i);
				caller.setDaemon(true);
				caller.start();
			}
			assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
			start.countDown();
			assertThat(done.await(30, TimeUnit.SECONDS)).as(TokenStarterRedisStoreAutoConfigurationTests::threadDump)
				.isTrue();
			assertThat(failures).isEmpty();
			assertThat(statuses).hasSize(callers).containsOnly(200);
			assertThat(this.server.requests("/oauth/token")).hasSize(1);
			assertThat(this.server.requests("/api/items")).hasSize(callers)
				.allSatisfy((request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer make-1"));
		});
	}

	@Test
	void redisKilledWhenTokenCachedThenApiCallsSucceedAndStoreUsedAgainWhenBack(CapturedOutput output) {
		tokenEndpoint(1000, Duration.ZERO);
		MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
		this.contextRunner.withPropertyValues(redisStore())
			.withPropertyValues("token-starter.clients.memories.lifecycle.refresh-ahead-ratio=0.5")
			.withBean(Clock.class, () -> clock)
			.run((context) -> {
				TokenLifecycle lifecycle = context.getBean(TokenStarterClients.class).lifecycle("memories");
				SharedStoreStatus status = context.getBean(SharedStoreStatus.class);
				apiCall(context);
				assertThat(decrypt(redis.get(TOKEN_KEY)).accessToken().getTokenValue()).isEqualTo("make-1");

				redis.kill();
				clock.advance(Duration.ofSeconds(600));
				List<Integer> statuses = new ArrayList<>();
				for (int i = 0; i < 50; i++) {
					statuses.add(apiCall(context).getStatusCode().value());
				}
				assertThat(statuses).hasSize(50).containsOnly(200);
				await().atMost(TIMEOUT).until(() -> tokenValue(lifecycle).equals("make-2"));
				assertThat(status.isAvailable()).isFalse();
				assertThat(this.server.requests("/oauth/token")).hasSize(2);

				redis.start();
				RedisConnectionFactory connectionFactory = context.getBean(RedisConnectionFactory.class);
				await().atMost(Duration.ofSeconds(30)).until(() -> answersPing(connectionFactory));
				clock.advance(Duration.ofSeconds(550));
				apiCall(context);
				await().atMost(TIMEOUT).until(() -> tokenValue(lifecycle).equals("make-3"));
				await().atMost(TIMEOUT).until(() -> redis.get(TOKEN_KEY) != null);
				assertThat(decrypt(redis.get(TOKEN_KEY)).accessToken().getTokenValue()).isEqualTo("make-3");
				assertThat(status.isAvailable()).isTrue();
			});
		List<String> warnings = output.getAll()
			.lines()
			.filter((line) -> line.contains("WARN") && line.contains("dev.tokenstarter"))
			.toList();
		assertThat(warnings).singleElement()
			.asString()
			.contains("Shared token store 'redis' cannot be reached");
		assertThat(output.getAll()).contains("Shared token store 'redis' is reachable again")
			.doesNotContain("make-1", "make-2", "make-3", "refresh-1", CLIENT_SECRET);
	}

	private ResponseEntity<Void> apiCall(AssertableApplicationContext context) {
		return context.getBean("memoriesRestClient", RestClient.class)
			.get()
			.uri("/api/items")
			.retrieve()
			.toBodilessEntity();
	}

	/**
	 * Answer token requests with a new access and refresh token each time. The latency is the token
	 * endpoint's, spent in the server's thread so that the instances' renewals overlap; no assertion
	 * depends on it.
	 */
	private void tokenEndpoint(int expiresIn, Duration latency) {
		this.server.on("/oauth/token", (request) -> {
			if (!latency.isZero()) {
				try {
					Thread.sleep(latency.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			int n = this.issued.incrementAndGet();
			return new Reply(200, "application/json", "{\"access_token\":\"make-" + n
					+ "\",\"refresh_token\":\"refresh-" + n + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn
					+ "}");
		});
	}

	private String[] redisStore() {
		String[] store = { "token-starter.store.type=redis", "token-starter.store.encryption-key=" + ENCRYPTION_KEY };
		return Stream.of(redisConnection(), client(), store).flatMap(Stream::of).toArray(String[]::new);
	}

	/**
	 * Boot's Redis connection with short time-outs, so that an unreachable Redis is noticed at once.
	 */
	private static String[] redisConnection() {
		return new String[] { "spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
				"spring.data.redis.timeout=500ms", "spring.data.redis.connect-timeout=500ms" };
	}

	private String[] client() {
		String p = "token-starter.clients.memories.";
		return new String[] { p + "grant=client-credentials", p + "client-id=memories-client",
				p + "client-secret=" + CLIENT_SECRET, p + "base-url=" + this.server.baseUrl(),
				p + "token.uri=" + this.server.url("/oauth/token"), p + "token.body-format=form",
				p + "token.body.grant_type=client_credentials", p + "token.client-authentication=basic" };
	}

	private static StoredToken decrypt(byte[] raw) {
		return new StoredTokenCodec().decode(new AesGcmTokenCipher(AES_KEY).decrypt(raw, TOKEN_KEY));
	}

	private static String tokenValue(TokenLifecycle lifecycle) {
		return (lifecycle.currentClient() != null) ? lifecycle.currentClient().getAccessToken().getTokenValue() : "";
	}

	private static boolean answersPing(RedisConnectionFactory connectionFactory) {
		try (RedisConnection connection = connectionFactory.getConnection()) {
			return "PONG".equals(connection.ping());
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Run the body with several application contexts open at once, as instances of one fleet.
	 */
	private static void withContexts(ApplicationContextRunner runner, int count,
			ThrowingConsumer<List<AssertableApplicationContext>> body) {
		withContexts(runner, count, new ArrayList<>(), body);
	}

	private static void withContexts(ApplicationContextRunner runner, int count,
			List<AssertableApplicationContext> open, ThrowingConsumer<List<AssertableApplicationContext>> body) {
		if (open.size() == count) {
			body.accept(List.copyOf(open));
			return;
		}
		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			open.add(context);
			withContexts(runner, count, open, body);
		});
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root;
	}

	private static String threadDump() {
		StringBuilder dump = new StringBuilder("Callers did not finish:\n");
		Thread.getAllStackTraces().forEach((thread, stack) -> {
			dump.append(thread.getName()).append('\n');
			for (StackTraceElement element : stack) {
				dump.append("\tat ").append(element).append('\n');
			}
		});
		return dump.toString();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserStoreConfiguration {

		static final TokenStore TOKEN_STORE = new InMemoryTokenStore();

		static final RenewalLock RENEWAL_LOCK = new RenewalLock() {

			@Override
			public boolean tryAcquire(String registrationId, String owner, Duration lease) {
				return true;
			}

			@Override
			public void release(String registrationId, String owner) {
			}

		};

		@Bean
		TokenStore userTokenStore() {
			return TOKEN_STORE;
		}

		@Bean
		RenewalLock userRenewalLock() {
			return RENEWAL_LOCK;
		}

	}

}
