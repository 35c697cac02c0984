package dev.tokenstarter.autoconfigure.actuate;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.util.Assert;

import dev.tokenstarter.autoconfigure.TokenStarterClients;
import dev.tokenstarter.core.definition.LifecycleSpec.BudgetLimit;
import dev.tokenstarter.core.definition.LifecycleSpec.IssuanceBudgetSpec;
import dev.tokenstarter.core.lifecycle.BudgetState;
import dev.tokenstarter.core.lifecycle.BudgetState.WindowState;
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
		String minInterval = (spec.minInterval() != null) ? spec.minInterval().toString() : null;
		BudgetState state = this.issuanceBudget.state(id);
		if (state == null) {
			List<WindowDescriptor> windows = spec.limits()
				.stream()
				.map((limit) -> new WindowDescriptor(limit.limit(), limit.period().toString(), null, null, null))
				.toList();
			BudgetLimit first = spec.limits().isEmpty() ? null : spec.limits().get(0);
			return new BudgetDescriptor((first != null) ? first.limit() : null,
					(first != null) ? first.period().toString() : null, null, null, null, windows, minInterval, null,
					null);
		}
		List<WindowDescriptor> windows = state.windows()
			.stream()
			.map((window) -> new WindowDescriptor(window.limit(), window.period().toString(), window.used(),
					window.remaining(), iso(window.endsAt())))
			.toList();
		WindowState tightest = state.tightest();
		Instant nextAllowedAt = state.nextAllowedAt();
		return new BudgetDescriptor((tightest != null) ? tightest.limit() : null,
				(tightest != null) ? tightest.period().toString() : null, (tightest != null) ? tightest.used() : null,
				(tightest != null) ? tightest.remaining() : null, (tightest != null) ? iso(tightest.endsAt()) : null,
				windows, minInterval, nextAllowedAt.equals(Instant.EPOCH) ? null : iso(nextAllowedAt), state.isLow());
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
	 * A client's issuance budget in its current windows: the first fields describe the window that runs
	 * out first (the only one, for a budget of one window).
	 *
	 * @param limit the token requests allowed per window, or {@code null} for a budget of a minimum
	 * interval only
	 * @param period the length of the window, ISO-8601, or {@code null} for a budget of a minimum interval
	 * only
	 * @param used the token requests taken in the current window, or {@code null} when the budget cannot
	 * tell
	 * @param remaining the token requests still allowed, or {@code null} when the budget cannot tell
	 * @param windowEndsAt when the current window ends, ISO-8601, or {@code null} when the budget cannot
	 * tell
	 * @param windows every window, in configuration order
	 * @param minInterval the shortest time between two token requests, ISO-8601, or {@code null} for none
	 * @param nextRequestAllowedAt when the next token request is allowed, ISO-8601, or {@code null} when it
	 * is allowed now or the budget cannot tell
	 * @param low whether the budget runs low (a window has at most a tenth of its limit left), so that
	 * tokens are renewed at expiry only, not ahead of it; {@code null} when the budget cannot tell
	 */
	public record BudgetDescriptor(@Nullable Integer limit, @Nullable String period, @Nullable Integer used,
			@Nullable Integer remaining, @Nullable String windowEndsAt, List<WindowDescriptor> windows,
			@Nullable String minInterval, @Nullable String nextRequestAllowedAt, @Nullable Boolean low) {
	}

	/**
	 * One window of a client's issuance budget.
	 *
	 * @param limit the token requests allowed per window
	 * @param period the length of the window, ISO-8601
	 * @param used the token requests taken in the current window, or {@code null} when the budget cannot
	 * tell
	 * @param remaining the token requests still allowed, or {@code null} when the budget cannot tell
	 * @param endsAt when the current window ends, ISO-8601, or {@code null} when the budget cannot tell
	 */
	public record WindowDescriptor(int limit, String period, @Nullable Integer used, @Nullable Integer remaining,
			@Nullable String endsAt) {
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
