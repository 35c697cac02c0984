package dev.tokenstarter.autoconfigure.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.Assert;

import dev.tokenstarter.autoconfigure.TokenStarterClients;
import dev.tokenstarter.core.lifecycle.BudgetState;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;
import dev.tokenstarter.core.lifecycle.TokenLifecycleListener;
import dev.tokenstarter.core.response.TokenRequestOutcome;

/**
 * Micrometer metrics of the token clients, all tagged with {@code client}:
 * <ul>
 * <li>{@code token.starter.token.requests} (counter, tag {@code outcome}): attempts to get a token,
 * retries included; the outcome is {@code success}, {@code refused}, {@code server_error},
 * {@code unreachable}, {@code budget_exceeded} or {@code error}.</li>
 * <li>{@code token.starter.renewals} (counter, tags {@code reason} and {@code outcome}): renewals, by why
 * they started ({@code initial}, {@code expired}, {@code ahead}, {@code invalidated}) and whether they
 * got a token ({@code success}, {@code failure}).</li>
 * <li>{@code token.starter.invalid.token.retries} (counter): API calls retried after the API reported
 * the token as invalid.</li>
 * <li>{@code token.starter.cache.hits} (function counter): tokens handed out from the cache.</li>
 * <li>{@code token.starter.token.time.to.expiry} (gauge, seconds): until the held token expires;
 * negative once expired, NaN when no token is held or it does not say.</li>
 * <li>{@code token.starter.budget.remaining} (gauge): token requests still allowed in the budget's
 * current window that runs out first, for clients with a budget; NaN when the budget cannot tell or has
 * a minimum interval only.</li>
 * <li>{@code token.starter.budget.low} (gauge): 1 while the budget runs low (a window has at most a
 * tenth of its limit left), when tokens are renewed at expiry only, not ahead of it; else 0, NaN when the
 * budget cannot tell.</li>
 * </ul>
 * The counters are fed by this listener's events, from the time the binder is bound to a registry.
 * No tag ever holds a token, a secret or an endpoint's own message.
 *
 * @author token-starter
 */
public final class TokenStarterMetrics implements MeterBinder, TokenLifecycleListener {

	private static final String CLIENT = "client";

	private static final String OUTCOME = "outcome";

	private final Supplier<TokenStarterClients> clients;

	private final IssuanceBudget issuanceBudget;

	private final Clock clock;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	/**
	 * Create the metrics.
	 * @param clients supplies the token clients once they are built: they take this listener, so the
	 * metrics cannot ask for them earlier
	 * @param issuanceBudget the budget their token requests are taken from
	 * @param clock the clock their lifecycles use
	 */
	public TokenStarterMetrics(Supplier<TokenStarterClients> clients, IssuanceBudget issuanceBudget, Clock clock) {
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(issuanceBudget, "issuanceBudget cannot be null");
		Assert.notNull(clock, "clock cannot be null");
		this.clients = clients;
		this.issuanceBudget = issuanceBudget;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		TokenStarterClients clients = this.clients.get();
		for (String id : clients.ids()) {
			TokenLifecycle lifecycle = clients.lifecycle(id);
			FunctionCounter.builder("token.starter.cache.hits", lifecycle, TokenLifecycle::cacheHits)
				.description("Tokens handed out from the cache")
				.tag(CLIENT, id)
				.register(registry);
			Gauge.builder("token.starter.token.time.to.expiry", lifecycle, this::secondsToExpiry)
				.description("Seconds until the held token expires")
				.baseUnit("seconds")
				.tag(CLIENT, id)
				.register(registry);
			if (clients.definition(id).getLifecycle().budget() != null) {
				Gauge.builder("token.starter.budget.remaining", this.issuanceBudget, (budget) -> remaining(budget, id))
					.description("Token requests still allowed in the current budget window")
					.tag(CLIENT, id)
					.register(registry);
				Gauge.builder("token.starter.budget.low", this.issuanceBudget, (budget) -> low(budget, id))
					.description("1 while the budget runs low and tokens are renewed at expiry only, else 0")
					.tag(CLIENT, id)
					.register(registry);
			}
		}
		this.registries.add(registry);
	}

	private double secondsToExpiry(TokenLifecycle lifecycle) {
		Instant expiresAt = lifecycle.state().expiresAt();
		if (expiresAt == null) {
			return Double.NaN;
		}
		return Duration.between(this.clock.instant(), expiresAt).toMillis() / 1000.0;
	}

	private static double remaining(IssuanceBudget budget, String registrationId) {
		BudgetState state = budget.state(registrationId);
		BudgetState.WindowState tightest = (state != null) ? state.tightest() : null;
		return (tightest != null) ? tightest.remaining() : Double.NaN;
	}

	private static double low(IssuanceBudget budget, String registrationId) {
		BudgetState state = budget.state(registrationId);
		if (state == null) {
			return Double.NaN;
		}
		return state.isLow() ? 1 : 0;
	}

	@Override
	public void renewalSucceeded(String registrationId, RenewalReason reason, OAuth2AccessToken token) {
		tokenRequest(registrationId, TokenRequestOutcome.SUCCESS);
		renewal(registrationId, reason, "success");
	}

	@Override
	public void renewalFailed(String registrationId, RenewalReason reason, RuntimeException failure) {
		tokenRequest(registrationId, TokenRequestOutcome.of(failure));
		renewal(registrationId, reason, "failure");
	}

	@Override
	public void retryScheduled(String registrationId, int attempt, Duration delay, RuntimeException failure) {
		tokenRequest(registrationId, TokenRequestOutcome.of(failure));
	}

	@Override
	public void invalidTokenReported(String registrationId) {
		for (MeterRegistry registry : this.registries) {
			Counter.builder("token.starter.invalid.token.retries")
				.description("API calls retried after the API reported the token as invalid")
				.tag(CLIENT, registrationId)
				.register(registry)
				.increment();
		}
	}

	private void tokenRequest(String registrationId, TokenRequestOutcome outcome) {
		for (MeterRegistry registry : this.registries) {
			Counter.builder("token.starter.token.requests")
				.description("Attempts to get a token, retries included")
				.tag(CLIENT, registrationId)
				.tag(OUTCOME, outcome.value())
				.register(registry)
				.increment();
		}
	}

	private void renewal(String registrationId, RenewalReason reason, String outcome) {
		for (MeterRegistry registry : this.registries) {
			Counter.builder("token.starter.renewals")
				.description("Token renewals, by why they started and whether they got a token")
				.tag(CLIENT, registrationId)
				.tag("reason", reason.name().toLowerCase(Locale.ROOT))
				.tag(OUTCOME, outcome)
				.register(registry)
				.increment();
		}
	}

}
