package dev.tokenstarter.core.lifecycle;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tokenstarter.core.store.SharedStoreStatus;

/**
 * An {@link IssuanceBudget} counted fleet-wide in a shared store, and in memory while that store cannot
 * be reached.
 *
 * @author token-starter
 */
public final class ResilientIssuanceBudget implements IssuanceBudget {

	private final IssuanceBudget shared;

	private final IssuanceBudget local;

	private final SharedStoreStatus status;

	public ResilientIssuanceBudget(IssuanceBudget shared, IssuanceBudget local, SharedStoreStatus status) {
		Assert.notNull(shared, "shared cannot be null");
		Assert.notNull(local, "local cannot be null");
		Assert.notNull(status, "status cannot be null");
		this.shared = shared;
		this.local = local;
		this.status = status;
	}

	@Override
	public void acquire(String registrationId) {
		if (this.status.shouldTry()) {
			try {
				this.shared.acquire(registrationId);
				this.status.succeeded();
				return;
			}
			catch (IssuanceBudgetExceededException ex) {
				this.status.succeeded();
				throw ex;
			}
			catch (RuntimeException ex) {
				this.status.failed(ex);
			}
		}
		this.local.acquire(registrationId);
	}

	/**
	 * Return the state of the budget in use: the shared one while it can be reached, else the in-memory
	 * one.
	 */
	@Override
	public @Nullable BudgetState state(String registrationId) {
		if (this.status.shouldTry()) {
			try {
				BudgetState state = this.shared.state(registrationId);
				this.status.succeeded();
				return state;
			}
			catch (RuntimeException ex) {
				this.status.failed(ex);
			}
		}
		return this.local.state(registrationId);
	}

}
