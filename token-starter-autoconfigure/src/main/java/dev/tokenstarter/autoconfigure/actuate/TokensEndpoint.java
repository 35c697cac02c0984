package dev.tokenstarter.autoconfigure.actuate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.util.Assert;

import dev.tokenstarter.autoconfigure.TokenStarterClients;
import dev.tokenstarter.core.definition.LifecycleSpec.IssuanceBudgetSpec;
import dev.tokenstarter.core.lifecycle.BudgetState;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.lifecycle.TokenClientState;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;
import dev.tokenstarter.core.store.InMemoryTokenStore;
import dev.tokenstarter.core.store.SharedStoreStatus;
import dev.tokenstarter.core.store.TokenStore;

/**
 * The {@code tokens} Actuator endpoint: for each token client, whether it holds a valid token, when
 * that was issued and expires, how its last renewal went, its issuance budget and the store in use.
 * It reads {@link TokenLifecycle#state()} and never renews, and it shows no token, refresh token or
 * secret: errors are the failures' messages, which token-starter keeps free of them.
 *
 * @author token-starter
 */
@Endpoint(id = "tokens")
public final class TokensEndpoint {

	private final TokenStarterClients clients;

	private final IssuanceBudget issuanceBudget;

	private final TokenStore tokenStore;

	private final @Nullable SharedStoreStatus sharedStoreStatus;

	/**
	 * Create an endpoint.
	 * @param clients the token clients
	 * @param issuanceBudget the budget their token requests are taken from
	 * @param tokenStore where their tokens are kept
	 * @param sharedStoreStatus the status of the shared store behind it, or {@code null} when none
	 */
	public TokensEndpoint(TokenStarterClients clients, IssuanceBudget issuanceBudget, TokenStore tokenStore,
			@Nullable SharedStoreStatus sharedStoreStatus) {
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(issuanceBudget, "issuanceBudget cannot be null");
		Assert.notNull(tokenStore, "tokenStore cannot be null");
		this.clients = clients;
		this.issuanceBudget = issuanceBudget;
		this.tokenStore = tokenStore;
		this.sharedStoreStatus = sharedStoreStatus;
	}

	/**
	 * Describe every client, in configuration order.
	 * @return the descriptors by registration id
	 */
	@ReadOperation
	public Map<String, TokenClientDescriptor> tokens() {
		Map<String, TokenClientDescriptor> descriptors = new LinkedHashMap<>();
		for (String id : this.clients.ids()) {
			descriptors.put(id, describe(id));
		}
		return OperationResponseBody.of(descriptors);
	}

	/**
	 * Describe one client.
	 * @param client the registration id
	 * @return the descriptor, or {@code null} (404) when there is no such client
	 */
	@ReadOperation
	public @Nullable TokenClientDescriptor client(@Selector String client) {
		return this.clients.ids().contains(client) ? describe(client) : null;
	}

	private TokenClientDescriptor describe(String id) {
		TokenLifecycle lifecycle = this.clients.lifecycle(id);
		TokenClientState state = lifecycle.state();
		return new TokenClientDescriptor(state.status(), iso(state.issuedAt()), iso(state.expiresAt()),
				iso(state.refreshExpiresAt()), iso(state.lastRenewalAt()), state.lastOutcome(), state.lastError(),
				state.renewals(), state.failures(), lifecycle.cacheHits(), budget(id), store());
	}

	private @Nullable BudgetDescriptor budget(String id) {
		IssuanceBudgetSpec spec = this.clients.definition(id).getLifecycle().budget();
		if (spec == null) {
			return null;
		}
		BudgetState state = this.issuanceBudget.state(id);
		if (state == null) {
			return new BudgetDescriptor(spec.limit(), spec.period().toString(), null, null, null);
		}
		return new BudgetDescriptor(state.limit(), spec.period().toString(), state.used(), state.remaining(),
				iso(state.windowEndsAt()));
	}

	private StoreDescriptor store() {
		SharedStoreStatus status = this.sharedStoreStatus;
		if (status != null) {
			return new StoreDescriptor(status.getStoreName(), true, status.isAvailable(), status.getLastError());
		}
		String type = (this.tokenStore instanceof InMemoryTokenStore) ? "memory"
				: this.tokenStore.getClass().getSimpleName();
		return new StoreDescriptor(type, false, true, null);
	}

	private static @Nullable String iso(@Nullable Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	/**
	 * How one token client stands.
	 *
	 * @param status what the client can do now
	 * @param issuedAt when its token was issued, ISO-8601, or {@code null}
	 * @param expiresAt when its token expires, ISO-8601, or {@code null}
	 * @param refreshExpiresAt when its refresh token expires, ISO-8601, or {@code null}
	 * @param lastRenewalAt when its last renewal completed, ISO-8601, or {@code null}
	 * @param lastOutcome how its last renewal completed
	 * @param lastError the message of its last renewal's failure, or {@code null}
	 * @param renewals how many renewals got a token
	 * @param failures how many renewals failed
	 * @param cacheHits how many times a cached token was handed out
	 * @param budget its issuance budget, or {@code null} when it has none
	 * @param store the store its tokens are kept in
	 */
	public record TokenClientDescriptor(TokenClientState.Status status, @Nullable String issuedAt,
			@Nullable String expiresAt, @Nullable String refreshExpiresAt, @Nullable String lastRenewalAt,
			TokenClientState.Outcome lastOutcome, @Nullable String lastError, long renewals, long failures,
			long cacheHits, @Nullable BudgetDescriptor budget, StoreDescriptor store) {
	}

	/**
	 * A client's issuance budget in its current window.
	 *
	 * @param limit the token requests allowed per window
	 * @param period the length of a window, ISO-8601
	 * @param used the token requests taken in the current window, or {@code null} when the budget cannot
	 * tell
	 * @param remaining the token requests still allowed, or {@code null} when the budget cannot tell
	 * @param windowEndsAt when the current window ends, ISO-8601, or {@code null} when the budget cannot
	 * tell
	 */
	public record BudgetDescriptor(int limit, String period, @Nullable Integer used, @Nullable Integer remaining,
			@Nullable String windowEndsAt) {
	}

	/**
	 * The store tokens are kept in.
	 *
	 * @param type {@code memory}, {@code jdbc}, {@code redis}, or the class name of a store of the
	 * application's own
	 * @param shared whether the store is shared by a fleet
	 * @param reachable whether the store answered last time it was tried
	 * @param lastError the type of the store's last failure while unreachable, or {@code null}
	 */
	public record StoreDescriptor(String type, boolean shared, boolean reachable, @Nullable String lastError) {
	}

}
