package dev.tokenstarter.core.store.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.tokenstarter.core.test.MutableClock;
import dev.tokenstarter.core.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JdbcRenewalLock}, on H2 and PostgreSQL.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
class JdbcRenewalLockTests {

	private static final Duration LEASE = Duration.ofSeconds(30);

	@Parameter
	TestDatabase database;

	private JdbcTemplate jdbc;

	private String prefix;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));

	private JdbcRenewalLock lock;

	private JdbcRenewalLock otherInstance;

	@BeforeEach
	void createLocks() {
		this.jdbc = new JdbcTemplate(this.database.dataSource());
		this.prefix = TestDatabase.uniquePrefix();
		this.lock = lock();
		this.otherInstance = lock();
	}

	@AfterEach
	void dropTables() {
		if (this.jdbc != null) {
			TestDatabase.dropTables(this.jdbc, this.prefix);
		}
	}

	@Test
	void tryAcquireWhenFreeThenTakenAndRefusedToOthers() {
		assertThat(this.lock.tryAcquire("memories", "owner-1", LEASE)).isTrue();
		assertThat(this.otherInstance.tryAcquire("memories", "owner-2", LEASE)).isFalse();
		assertThat(this.lock.tryAcquire("memories", "owner-3", LEASE)).isFalse();
	}

	@Test
	void tryAcquireWhenAnotherClientIsLockedThenTaken() {
		assertThat(this.lock.tryAcquire("memories", "owner-1", LEASE)).isTrue();
		assertThat(this.otherInstance.tryAcquire("make", "owner-2", LEASE)).isTrue();
	}

	@Test
	void tryAcquireWhenManyInstancesAtOnceThenExactlyOneWins() throws Exception {
		List<Callable<Boolean>> tasks = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			JdbcRenewalLock instance = lock();
			String owner = "owner-" + i;
			tasks.add(() -> instance.tryAcquire("memories", owner, LEASE));
		}
		assertThat(Concurrently.run(tasks)).containsOnlyOnce(true).hasSize(8);
	}

	@Test
	void releaseWhenOwnerThenFreeForOthers() {
		this.lock.tryAcquire("memories", "owner-1", LEASE);
		this.lock.release("memories", "owner-1");
		assertThat(this.otherInstance.tryAcquire("memories", "owner-2", LEASE)).isTrue();
	}

	@Test
	void releaseWhenNotOwnerThenLockStaysHeld() {
		this.lock.tryAcquire("memories", "owner-1", LEASE);
		this.otherInstance.release("memories", "owner-2");
		assertThat(this.otherInstance.tryAcquire("memories", "owner-2", LEASE)).isFalse();
	}

	@Test
	void tryAcquireWhenLeaseNotRunOutThenRefused() {
		this.lock.tryAcquire("memories", "owner-1", LEASE);
		this.clock.advance(LEASE.minusMillis(1));
		assertThat(this.otherInstance.tryAcquire("memories", "owner-2", LEASE)).isFalse();
	}

	@Test
	void tryAcquireWhenLeaseRunOutThenTakenOverAndOldOwnerCannotRelease() {
		this.lock.tryAcquire("memories", "owner-1", LEASE);
		this.clock.advance(LEASE);
		assertThat(this.otherInstance.tryAcquire("memories", "owner-2", LEASE)).isTrue();
		this.lock.release("memories", "owner-1");
		assertThat(this.lock.tryAcquire("memories", "owner-3", LEASE)).isFalse();
		this.clock.advance(LEASE);
		assertThat(this.lock.tryAcquire("memories", "owner-3", LEASE)).isTrue();
	}

	private JdbcRenewalLock lock() {
		JdbcRenewalLock lock = new JdbcRenewalLock(this.jdbc, this.prefix);
		lock.setClock(this.clock);
		lock.setSchema(new JdbcTokenStoreSchema(this.jdbc, this.prefix));
		return lock;
	}

}
