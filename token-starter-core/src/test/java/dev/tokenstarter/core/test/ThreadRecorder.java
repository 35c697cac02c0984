package dev.tokenstarter.core.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Schedulers;

import dev.tokenstarter.core.lifecycle.BudgetState;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.store.RenewalLock;
import dev.tokenstarter.core.store.StoredToken;
import dev.tokenstarter.core.store.TokenStore;

/**
 * Records, for each call to a store, a lock or a budget that may block, which call it was and whether it
 * ran on a thread that must not block ({@link Schedulers#isInNonBlockingThread()}: Reactor's parallel
 * threads, Netty's event loops).
 *
 * @author token-starter
 */
public final class ThreadRecorder {

	private final List<String> calls = new CopyOnWriteArrayList<>();

	/**
	 * Return every call, such as {@code "store.load on a thread that may block"}.
	 * @return the calls
	 */
	public List<String> calls() {
		return List.copyOf(this.calls);
	}

	/**
	 * Return the calls that ran on a non-blocking thread.
	 * @return the calls, such as {@code "lock.release on parallel-1"}
	 */
	public List<String> callsOnNonBlockingThreads() {
		return this.calls.stream().filter((call) -> !call.endsWith(" on a thread that may block")).toList();
	}

	private void record(String call) {
		this.calls.add(call + (Schedulers.isInNonBlockingThread() ? " on " + Thread.currentThread().getName()
				: " on a thread that may block"));
	}

	/**
	 * Return a store that records its calls.
	 * @param store the store
	 * @return the recording store
	 */
	public TokenStore store(TokenStore store) {
		return new TokenStore() {

			@Override
			public @Nullable StoredToken load(String registrationId, String principalName) {
				record("store.load");
				return store.load(registrationId, principalName);
			}

			@Override
			public void save(String registrationId, String principalName, StoredToken token) {
				record("store.save");
				store.save(registrationId, principalName, token);
			}

			@Override
			public void remove(String registrationId, String principalName) {
				record("store.remove");
				store.remove(registrationId, principalName);
			}

		};
	}

	/**
	 * Return a lock that records its calls.
	 * @param lock the lock
	 * @return the recording lock
	 */
	public RenewalLock lock(RenewalLock lock) {
		return new RenewalLock() {

			@Override
			public boolean tryAcquire(String registrationId, String owner, Duration lease) {
				record("lock.tryAcquire");
				return lock.tryAcquire(registrationId, owner, lease);
			}

			@Override
			public void release(String registrationId, String owner) {
				record("lock.release");
				lock.release(registrationId, owner);
			}

		};
	}

	/**
	 * Return a budget that records its calls.
	 * @param budget the budget
	 * @return the recording budget
	 */
	public IssuanceBudget budget(IssuanceBudget budget) {
		return new IssuanceBudget() {

			@Override
			public void acquire(String registrationId) {
				record("budget.acquire");
				budget.acquire(registrationId);
			}

			@Override
			public @Nullable BudgetState state(String registrationId) {
				record("budget.state");
				return budget.state(registrationId);
			}

		};
	}

}
