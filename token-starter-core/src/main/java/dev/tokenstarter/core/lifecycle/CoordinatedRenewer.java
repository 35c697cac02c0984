package dev.tokenstarter.core.lifecycle;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.util.Assert;

import dev.tokenstarter.core.store.RenewalLock;
import dev.tokenstarter.core.store.SharedStoreStatus;

/**
 * A {@link Renewer} that renews under a fleet-wide {@link RenewalLock}, so that instances that need a
 * token at the same moment send one token request: the first takes the lock and renews; the others wait
 * for the lock and then find the new token in the shared store (Spring's manager loads it and the
 * providers keep it, since it is not the token being replaced). When the lock cannot be had in time, or
 * the store cannot be reached, it renews without it: the in-instance single-flight and the issuance
 * budget still hold.
 *
 * @author token-starter
 */
public final class CoordinatedRenewer implements Renewer {

	private static final Log logger = LogFactory.getLog(CoordinatedRenewer.class);

	private static final long POLL_NANOS = Duration.ofMillis(25).toNanos();

	private final Renewer delegate;

	private final RenewalLock lock;

	private final SharedStoreStatus status;

	private final String registrationId;

	private final Duration lease;

	private final Duration maxWait;

	private final @Nullable Executor waitExecutor;

	/**
	 * Create a renewer.
	 * @param delegate the renewer to run under the lock
	 * @param lock the fleet-wide lock
	 * @param status the shared store's status
	 * @param registrationId the client
	 * @param lease how long a lock holder may take to renew
	 * @param maxWait how long to wait for the lock before renewing without it
	 * @param waitExecutor where to wait for the lock and release it, for reactive callers that must not
	 * block; {@code null} to wait in the calling thread
	 */
	public CoordinatedRenewer(Renewer delegate, RenewalLock lock, SharedStoreStatus status, String registrationId,
			Duration lease, Duration maxWait, @Nullable Executor waitExecutor) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(lock, "lock cannot be null");
		Assert.notNull(status, "status cannot be null");
		Assert.hasText(registrationId, "registrationId cannot be empty");
		this.delegate = delegate;
		this.lock = lock;
		this.status = status;
		this.registrationId = registrationId;
		this.lease = lease;
		this.maxWait = maxWait;
		this.waitExecutor = waitExecutor;
	}

	@Override
	public CompletableFuture<OAuth2AuthorizedClient> renew(@Nullable String replacedToken) {
		if (this.waitExecutor == null) {
			return underLock(acquire(), replacedToken);
		}
		return CompletableFuture.supplyAsync(this::acquire, this.waitExecutor)
			.thenCompose((owner) -> underLock(owner, replacedToken));
	}

	private CompletableFuture<OAuth2AuthorizedClient> underLock(@Nullable String owner,
			@Nullable String replacedToken) {
		CompletableFuture<OAuth2AuthorizedClient> renewal;
		try {
			renewal = this.delegate.renew(replacedToken);
		}
		catch (RuntimeException ex) {
			renewal = CompletableFuture.failedFuture(ex);
		}
		if (owner == null) {
			return renewal;
		}
		Executor executor = this.waitExecutor;
		if (executor == null) {
			return renewal.whenComplete((client, error) -> release(owner));
		}
		// A reactive renewal may complete on an event loop (a token delivered by callback): the lock is
		// released where blocking is allowed, or in place once that executor has been shut down.
		Executor releaser = (task) -> {
			try {
				executor.execute(task);
			}
			catch (RejectedExecutionException ex) {
				task.run();
			}
		};
		return renewal.whenCompleteAsync((client, error) -> release(owner), releaser);
	}

	private @Nullable String acquire() {
		String owner = UUID.randomUUID().toString();
		long deadline = System.nanoTime() + this.maxWait.toNanos();
		while (this.status.shouldTry()) {
			try {
				if (this.lock.tryAcquire(this.registrationId, owner, this.lease)) {
					this.status.succeeded();
					return owner;
				}
				this.status.succeeded();
			}
			catch (RuntimeException ex) {
				// One failed lock call does not mark the whole store down: the store calls of the renewal
				// tell whether it can be reached, and warn when it cannot.
				logger.info("Renewal lock of client '" + this.registrationId + "' could not be taken ("
						+ ex.getClass().getSimpleName() + "); renewing without it");
				return null;
			}
			if (System.nanoTime() - deadline > 0) {
				logger.warn("Renewal lock of client '" + this.registrationId + "' not free after "
						+ this.maxWait.toMillis() + " ms; renewing without it");
				return null;
			}
			LockSupport.parkNanos(POLL_NANOS);
		}
		return null;
	}

	private void release(String owner) {
		try {
			this.lock.release(this.registrationId, owner);
		}
		catch (RuntimeException ex) {
			logger.info("Renewal lock of client '" + this.registrationId + "' could not be released ("
					+ ex.getClass().getSimpleName() + "); it is free again once its lease of " + this.lease.toSeconds()
					+ " s has run out");
		}
	}

}
