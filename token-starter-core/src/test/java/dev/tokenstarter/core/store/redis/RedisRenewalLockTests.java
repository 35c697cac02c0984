package dev.tokenstarter.core.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RedisRenewalLock}, against a real redis-server.
 */
class RedisRenewalLockTests {

	@RegisterExtension
	static final RedisServerProcess redis = new RedisServerProcess();

	private static final Duration LEASE = Duration.ofSeconds(30);

	private final List<LettuceConnectionFactory> connectionFactories = new ArrayList<>();

	private RedisRenewalLock lock;

	private RedisRenewalLock otherInstance;

	@BeforeEach
	void setUp() {
		redis.flushAll();
		this.lock = new RedisRenewalLock(connectionFactory());
		this.otherInstance = new RedisRenewalLock(connectionFactory());
	}

	@AfterEach
	void tearDown() {
		this.connectionFactories.forEach(LettuceConnectionFactory::destroy);
	}

	@Test
	void tryAcquireWhenFreeThenTakenWithOwnerAndLease() {
		assertThat(this.lock.tryAcquire("memories", "owner-a", LEASE)).isTrue();
		assertThat(redis.getString("token-starter:lock:memories")).isEqualTo("owner-a");
		assertThat(redis.pttl("token-starter:lock:memories"))
			.isLessThanOrEqualTo(LEASE.toMillis())
			.isPositive();
	}

	@Test
	void tryAcquireWhenHeldByAnotherInstanceThenRefused() {
		assertThat(this.lock.tryAcquire("memories", "owner-a", LEASE)).isTrue();
		assertThat(this.otherInstance.tryAcquire("memories", "owner-b", LEASE)).isFalse();
		assertThat(this.lock.tryAcquire("memories", "owner-c", LEASE)).isFalse();
	}

	@Test
	void tryAcquireWhenOtherClientHeldThenTaken() {
		assertThat(this.lock.tryAcquire("memories", "owner-a", LEASE)).isTrue();
		assertThat(this.otherInstance.tryAcquire("tokens-make", "owner-b", LEASE)).isTrue();
	}

	@Test
	void tryAcquireWhenManyInstancesAtOnceThenExactlyOneWins() throws Exception {
		int threads = 16;
		CountDownLatch ready = new CountDownLatch(threads);
		CountDownLatch start = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(threads);
		Map<String, Boolean> outcomes = new ConcurrentHashMap<>();
		for (int i = 0; i < threads; i++) {
			RedisRenewalLock instance = (i % 2 == 0) ? this.lock : this.otherInstance;
			String owner = "owner-" + i;
			Thread thread = new Thread(() -> {
				ready.countDown();
				try {
					if (start.await(10, TimeUnit.SECONDS)) {
						outcomes.put(owner, instance.tryAcquire("memories", owner, LEASE));
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					done.countDown();
				}
			}, "lock-contender-" + i);
			thread.setDaemon(true);
			thread.start();
		}
		assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
		start.countDown();
		assertThat(done.await(10, TimeUnit.SECONDS)).as(RedisRenewalLockTests::threadDump).isTrue();
		assertThat(outcomes).hasSize(threads);
		assertThat(outcomes.values()).containsOnlyOnce(true);
	}

	@Test
	void releaseWhenOwnerThenOthersMayTakeIt() {
		assertThat(this.lock.tryAcquire("memories", "owner-a", LEASE)).isTrue();
		this.lock.release("memories", "owner-a");
		assertThat(this.otherInstance.tryAcquire("memories", "owner-b", LEASE)).isTrue();
	}

	@Test
	void releaseWhenNotOwnerThenLockKept() {
		assertThat(this.lock.tryAcquire("memories", "owner-a", LEASE)).isTrue();
		this.otherInstance.release("memories", "owner-b");
		assertThat(this.otherInstance.tryAcquire("memories", "owner-b", LEASE)).isFalse();
		assertThat(redis.getString("token-starter:lock:memories")).isEqualTo("owner-a");
	}

	@Test
	void releaseWhenNotHeldThenNothingHappens() {
		this.lock.release("memories", "owner-a");
		assertThat(this.lock.tryAcquire("memories", "owner-a", LEASE)).isTrue();
	}

	@Test
	void tryAcquireWhenLeaseRanOutThenAnotherTakesItAndFormerOwnerCannotRelease() {
		assertThat(this.lock.tryAcquire("memories", "owner-a", Duration.ofMillis(200))).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.otherInstance.tryAcquire("memories", "owner-b", LEASE));
		this.lock.release("memories", "owner-a");
		assertThat(redis.getString("token-starter:lock:memories")).isEqualTo("owner-b");
	}

	@Test
	void tryAcquireWhenKeyPrefixSetThenLockUsesIt() {
		this.lock.setKeyPrefix("fleet-a:");
		assertThat(this.lock.tryAcquire("memories", "owner-a", LEASE)).isTrue();
		assertThat(redis.keys()).containsExactly("fleet-a:lock:memories");
		assertThat(this.otherInstance.tryAcquire("memories", "owner-b", LEASE)).isTrue();
	}

	private LettuceConnectionFactory connectionFactory() {
		LettuceConnectionFactory factory = redis.connectionFactory();
		this.connectionFactories.add(factory);
		return factory;
	}

	private static String threadDump() {
		StringBuilder dump = new StringBuilder("Threads did not finish:\n");
		Thread.getAllStackTraces().forEach((thread, stack) -> {
			dump.append(thread.getName()).append('\n');
			for (StackTraceElement element : stack) {
				dump.append("\tat ").append(element).append('\n');
			}
		});
		return dump.toString();
	}

}
