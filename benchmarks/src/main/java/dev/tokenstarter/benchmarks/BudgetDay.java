package dev.tokenstarter.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.definition.LifecycleSpec.BudgetLimit;
import dev.tokenstarter.core.definition.LifecycleSpec.IssuanceBudgetSpec;
import dev.tokenstarter.core.lifecycle.InMemoryIssuanceBudget;
import dev.tokenstarter.core.lifecycle.IssuanceBudgetExceededException;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;

/**
 * A storm of revocations against a daily budget: an API issues one-hour tokens, at most
 * {@value #LIMIT} a day, and revokes the client's token every minute for 24 hours of a simulated clock
 * while the client is called once a second. A revoked token is reported as the interceptor reports a
 * refused one ({@code lifecycle.invalidate}), so the next call renews it. The budget holds: never more
 * than {@value #LIMIT} token requests, and once it is spent every refused caller is told when the next
 * token is allowed (the next midnight UTC). token-starter at its default settings otherwise, the budget
 * counted in memory; background renewals run inline.
 *
 * @author token-starter
 */
final class BudgetDay {

	static final int LIMIT = 50;

	private static final Duration PERIOD = Duration.ofDays(1);

	private static final Duration LIFETIME = Duration.ofHours(1);

	private static final Duration REVOKE_EVERY = Duration.ofMinutes(1);

	private static final Duration STEP = Duration.ofSeconds(1);

	private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

	private static final long DAY_SECONDS = Duration.ofDays(1).toSeconds();

	private BudgetDay() {
	}

	static void run(Consumer<ResultLine> out) {
		long started = System.nanoTime();
		LifecycleSpec defaults = LifecycleSpec.defaults();
		LifecycleSpec spec = new LifecycleSpec(null, null, defaults.clockSkew(),
				new IssuanceBudgetSpec(List.of(new BudgetLimit(LIMIT, PERIOD)), null), defaults.retry());
		try (LoopbackServer server = LoopbackServer.start()) {
			server.setExpiresIn(LIFETIME);
			MutableClock clock = new MutableClock(START);
			TokenLifecycle lifecycle = TokenStarterFixture
				.create(server.uri(LoopbackServer.JSON_TOKEN_PATH), spec, TokenStarterFixture.expiresIn(), clock,
						JdkHttp.client(), (definitions) -> new InMemoryIssuanceBudget(definitions, clock))
				.lifecycle();
			lifecycle.setDelayer((delay, task) -> task.run());
			long before = server.requests(LoopbackServer.JSON_TOKEN_PATH);
			long calls = DAY_SECONDS / STEP.toSeconds();
			long revocations = 0;
			long refused = 0;
			long expiredServed = 0;
			TreeSet<Instant> told = new TreeSet<>();
			for (long call = 0; call < calls; call++) {
				Instant now = START.plus(STEP.multipliedBy(call));
				clock.set(now);
				if (call > 0 && now.getEpochSecond() % REVOKE_EVERY.toSeconds() == 0) {
					revocations++;
					OAuth2AuthorizedClient held = lifecycle.currentClient();
					if (held != null) {
						lifecycle.invalidate(held.getAccessToken().getTokenValue());
					}
				}
				try {
					OAuth2AccessToken token = lifecycle.token();
					if (!token.getExpiresAt().isAfter(now)) {
						expiredServed++;
					}
				}
				catch (IssuanceBudgetExceededException ex) {
					refused++;
					told.add(ex.getRefillsAt());
				}
			}
			System.err.printf(Locale.ROOT, "# budget day took %.1f s of real time%n",
					(System.nanoTime() - started) / 1e9);
			out.accept(ResultLine.of("budget")
				.with("impl", "token-starter")
				.with("limit", LIMIT)
				.with("period_s", PERIOD.toSeconds())
				.with("lifetime_s", LIFETIME.toSeconds())
				.with("call_every_s", STEP.toSeconds())
				.with("revocations", revocations)
				.with("calls", calls)
				.with("tokens_issued", server.requests(LoopbackServer.JSON_TOKEN_PATH) - before)
				.with("refused_calls", refused)
				.with("refused_told", told.isEmpty() ? "none"
						: told.stream().map(Instant::toString).collect(Collectors.joining(",")))
				.with("expired_served", expiredServed));
		}
	}

}
