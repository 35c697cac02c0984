package dev.tokenstarter.core.store;

import java.time.Clock;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Whether a store shared by a fleet (a database, Redis) can be reached. When it cannot, token-starter
 * works on its in-memory cache, logs one warning, and tries the shared store again after an interval;
 * when it answers again, one line says so.
 *
 * @author token-starter
 */
public final class SharedStoreStatus {

	private static final Log logger = LogFactory.getLog(SharedStoreStatus.class);

	private final String storeName;

	private final Duration retryInterval;

	private final Clock clock;

	private volatile boolean available = true;

	private volatile long retryAt;

	private volatile @Nullable String lastError;

	/**
	 * Create a status.
	 * @param storeName the store's name for log lines, such as {@code redis}
	 * @param retryInterval how long to work on the in-memory cache before trying the store again
	 * @param clock the clock
	 */
	public SharedStoreStatus(String storeName, Duration retryInterval, Clock clock) {
		Assert.hasText(storeName, "storeName cannot be empty");
		Assert.notNull(retryInterval, "retryInterval cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.storeName = storeName;
		this.retryInterval = retryInterval;
		this.clock = clock;
	}

	/**
	 * Return whether the shared store should be tried now: it is available, or its retry interval has
	 * passed.
	 * @return whether to try the store
	 */
	public boolean shouldTry() {
		return this.available || this.clock.millis() >= this.retryAt;
	}

	/**
	 * Record that the store answered.
	 * @return whether it had been unavailable until now
	 */
	public boolean succeeded() {
		if (this.available) {
			return false;
		}
		synchronized (this) {
			if (this.available) {
				return false;
			}
			this.available = true;
			this.lastError = null;
		}
		logger.info("Shared token store '" + this.storeName + "' is reachable again; using it");
		return true;
	}

	/**
	 * Record that the store could not be reached.
	 * @param failure what went wrong; only its type is kept and logged
	 */
	public void failed(RuntimeException failure) {
		this.retryAt = this.clock.millis() + this.retryInterval.toMillis();
		String error = failure.getClass().getSimpleName();
		boolean wasAvailable;
		synchronized (this) {
			wasAvailable = this.available;
			this.available = false;
			this.lastError = error;
		}
		if (wasAvailable) {
			logger.warn("Shared token store '" + this.storeName + "' cannot be reached (" + error
					+ "); working on the in-memory cache until it is back");
		}
	}

	/**
	 * Return whether the store answered last time it was tried.
	 * @return whether the store is available
	 */
	public boolean isAvailable() {
		return this.available;
	}

	/**
	 * Return the type of the last failure while the store is unavailable.
	 * @return the exception's simple class name, or {@code null} while available
	 */
	public @Nullable String getLastError() {
		return this.lastError;
	}

	/**
	 * Return the store's name.
	 * @return the name
	 */
	public String getStoreName() {
		return this.storeName;
	}

}
