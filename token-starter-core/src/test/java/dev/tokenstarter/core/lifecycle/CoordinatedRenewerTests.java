package dev.tokenstarter.core.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

import dev.tokenstarter.core.store.RenewalLock;
import dev.tokenstarter.core.store.SharedStoreStatus;
import dev.tokenstarter.core.store.jdbc.JdbcRenewalLock;
import dev.tokenstarter.core.store.jdbc.JdbcTokenStoreSchema;
import dev.tokenstarter.core.test.ConcurrentTestHarness;
import dev.tokenstarter.core.test.IssuingRenewer;
import dev.tokenstarter.core.test.MutableClock;
import dev.tokenstarter.core.test.TestDatabase;
import dev.tokenstarter.core.test.ThreadRecorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CoordinatedRenewer}, with a real JDBC renewal lock.
 *
 * @author token-starter
 */
class CoordinatedRenewerTests {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));

	private final IssuingRenewer delegate = new IssuingRenewer(this.clock, Duration.ofHours(1));

	private final SharedStoreStatus status = new SharedStoreStatus("jdbc", Duration.ofMinutes(1), this.clock);

	private JdbcTemplate jdbc;

	private String prefix;

	private FailingLock lock;

	@BeforeEach
	void createLock() {
		this.jdbc = new JdbcTemplate(TestDatabase.H2.dataSource());
		this.prefix = TestDatabase.uniquePrefix();
		JdbcRenewalLock jdbcLock = new JdbcRenewalLock(this.jdbc, this.prefix);
		jdbcLock.setSchema(new JdbcTokenStoreSchema(this.jdbc, this.prefix));
		jdbcLock.setClock(this.clock);
		this.lock = new FailingLock(jdbcLock);
	}

	@AfterEach
	void dropTables() {
		TestDatabase.dropTables(this.jdbc, this.prefix);
	}

	@Test
	void renewWhenOneLockCallFailsThenRenewsWithoutLockAndStoreStaysAvailable() throws Exception {
		this.lock.acquireFailures.set(1);
		CoordinatedRenewer renewer = renewer();
		assertThat(renewer.renew(null).get(10, TimeUnit.SECONDS).getAccessToken().getTokenValue()).isEqualTo("t1");
		assertThat(this.status.isAvailable()).as("store available after one failed lock call").isTrue();
		assertThat(this.status.shouldTry()).isTrue();
		assertThat(renewer.renew("t1").get(10, TimeUnit.SECONDS).getAccessToken().getTokenValue()).isEqualTo("t2");
		assertThat(this.lock.acquired).as("the next renewal took the lock").hasValue(1);
	}

	@Test
	void renewWhenReleaseFailsThenStoreStaysAvailable() throws Exception {
		this.lock.releaseFailures.set(1);
		CoordinatedRenewer renewer = renewer();
		renewer.renew(null).get(10, TimeUnit.SECONDS);
		assertThat(this.lock.acquired).hasValue(1);
		assertThat(this.status.isAvailable()).isTrue();
	}

	@Test
	void renewWhenRenewalCompletesOnNonBlockingThreadThenLockReleasedOffIt() throws Exception {
		ThreadRecorder recorder = new ThreadRecorder();
		ExecutorService lockWaits = Executors.newCachedThreadPool();
		try {
			// The renewal completes on a non-blocking thread once the renewer waits for it, as when a
			// token delivery arrives on a Netty event loop.
			Renewer completedOnParallel = (replaced) -> {
				CountDownLatch awaited = new CountDownLatch(1);
				CompletableFuture<OAuth2AuthorizedClient> renewal = new CompletableFuture<>() {

					@Override
					public CompletableFuture<OAuth2AuthorizedClient> whenComplete(
							BiConsumer<? super OAuth2AuthorizedClient, ? super Throwable> action) {
						CompletableFuture<OAuth2AuthorizedClient> next = super.whenComplete(action);
						awaited.countDown();
						return next;
					}

					@Override
					public CompletableFuture<OAuth2AuthorizedClient> whenCompleteAsync(
							BiConsumer<? super OAuth2AuthorizedClient, ? super Throwable> action, Executor executor) {
						CompletableFuture<OAuth2AuthorizedClient> next = super.whenCompleteAsync(action, executor);
						awaited.countDown();
						return next;
					}

				};
				Schedulers.parallel().schedule(() -> {
					ConcurrentTestHarness.awaitOrDump(awaited, "the renewer waiting for the renewal");
					renewal.complete(this.delegate.issue());
				});
				return renewal;
			};
			CoordinatedRenewer renewer = new CoordinatedRenewer(completedOnParallel, recorder.lock(this.lock),
					this.status, "api", LEASE, Duration.ofSeconds(5), lockWaits);
			renewer.renew(null).get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(recorder.calls()).anyMatch((call) -> call.startsWith("lock.release")));
			assertThat(recorder.callsOnNonBlockingThreads()).isEmpty();
		}
		finally {
			lockWaits.shutdownNow();
		}
	}

	/**
	 * Settles the suspicion of issue 12 that a renewal outlasting the lease lets a second instance send a
	 * token request: it does, so the lease given to this class must outlast the longest renewal
	 * (TokenStarterClients computes it per client).
	 */
	@Test
	void renewWhenRenewalOutlastsLeaseThenAnotherInstanceTakesLockAndRequestsToo() throws Exception {
		CompletableFuture<OAuth2AuthorizedClient> slow = new CompletableFuture<>();
		AtomicInteger requests = new AtomicInteger();
		CoordinatedRenewer instanceA = new CoordinatedRenewer((replaced) -> {
			requests.incrementAndGet();
			return slow;
		}, this.lock, this.status, "api", LEASE, Duration.ofMillis(100), null);
		CoordinatedRenewer instanceB = new CoordinatedRenewer((replaced) -> {
			requests.incrementAndGet();
			return CompletableFuture.completedFuture(this.delegate.issue());
		}, this.lock, this.status, "api", LEASE, Duration.ofSeconds(5), null);
		CompletableFuture<OAuth2AuthorizedClient> renewalA = instanceA.renew(null);
		this.clock.advance(LEASE.plusSeconds(1));
		instanceB.renew(null).get(10, TimeUnit.SECONDS);
		assertThat(this.lock.acquired).as("B took the lock while A's renewal still ran").hasValue(2);
		assertThat(requests).hasValue(2);
		slow.complete(this.delegate.issue());
		renewalA.get(10, TimeUnit.SECONDS);
	}

	private CoordinatedRenewer renewer() {
		return new CoordinatedRenewer(this.delegate, this.lock, this.status, "api", LEASE, Duration.ofSeconds(5),
				null);
	}

	/**
	 * A real lock whose next calls fail as a database that timed out would.
	 */
	private static final class FailingLock implements RenewalLock {

		private final RenewalLock lock;

		final AtomicInteger acquireFailures = new AtomicInteger();

		final AtomicInteger releaseFailures = new AtomicInteger();

		final AtomicInteger acquired = new AtomicInteger();

		FailingLock(RenewalLock lock) {
			this.lock = lock;
		}

		@Override
		public boolean tryAcquire(String registrationId, String owner, Duration lease) {
			if (this.acquireFailures.getAndUpdate((left) -> Math.max(left - 1, 0)) > 0) {
				throw new QueryTimeoutException("lock query timed out");
			}
			boolean taken = this.lock.tryAcquire(registrationId, owner, lease);
			if (taken) {
				this.acquired.incrementAndGet();
			}
			return taken;
		}

		@Override
		public void release(String registrationId, String owner) {
			if (this.releaseFailures.getAndUpdate((left) -> Math.max(left - 1, 0)) > 0) {
				throw new QueryTimeoutException("lock query timed out");
			}
			this.lock.release(registrationId, owner);
		}

	}

}
