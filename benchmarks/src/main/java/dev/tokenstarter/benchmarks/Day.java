package dev.tokenstarter.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import dev.tokenstarter.core.definition.ExpirySpec;
import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;

/**
 * A simulated day of steady traffic: one call every second for 24 hours of a simulated clock (86,400
 * calls, no real waiting; one every 10 seconds in quick mode), counting the tokens each implementation
 * has issued.
 * <p>
 * The floor is {@code ceil(24 h / lifetime)} tokens: 12 for the 2-hour tokens of seed 000
 * ({@code expires_in=7200}). Renewing early costs more: with refresh-ahead at ratio {@code r} a token is
 * replaced after {@code r * lifetime} (or {@code lifetime - clockSkew}, whichever is sooner), so a day
 * costs {@code ceil(24 h / (r * lifetime))} tokens, 15 at ratio 0.8. With ratio 1.0 and no clock skew
 * token-starter renews exactly at expiry and reaches the floor. Stock Spring Security renews once the
 * token is within its fixed 60-second skew of expiry.
 * <p>
 * The {@code settings=default} lines run token-starter at its default settings (no ratio: renewed the
 * time a renewal needs before the 30-second skew, at most a fifth of the lifetime early) for tokens of
 * 5 minutes, 45 minutes (without {@code expires_in}), 2 hours and 24 hours. {@code bound} is what the
 * day may cost: {@code ceil(24 h / (lifetime - 60 s)) + 1} for lifetimes of 45 minutes and more,
 * {@code ceil(24 h / (0.8 * lifetime))} for shorter ones.
 * <p>
 * The second half repeats the day against an endpoint that omits {@code expires_in} (seed 004: tokens
 * live 45 minutes and the documentation says so). token-starter is told the lifetime; stock Spring
 * Security takes such a token to expire one second after issue and asks for a new one on every call.
 * <p>
 * Background renewals run inline (a {@code Delayer} that runs the task at once), so they finish on the
 * simulated clock before the next call.
 *
 * @author token-starter
 */
final class Day {

	private static final Duration DAY = Duration.ofHours(24);

	private static final Duration SEED_000_LIFETIME = Duration.ofSeconds(7200);

	private static final Duration SEED_004_LIFETIME = Duration.ofMinutes(45);

	/**
	 * The clock skew of Spring's client-credentials provider, left at its default.
	 */
	private static final Duration STOCK_CLOCK_SKEW = Duration.ofSeconds(60);

	private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

	private static final LifecycleSpec AT_EXPIRY = new LifecycleSpec(1.0, null, Duration.ZERO, null,
			LifecycleSpec.RetrySpec.defaults());

	private static final LifecycleSpec RATIO_08 = new LifecycleSpec(0.8, null, Duration.ofSeconds(30), null,
			LifecycleSpec.RetrySpec.defaults());

	private static final List<Duration> DEFAULT_LIFETIMES = List.of(Duration.ofMinutes(5), SEED_004_LIFETIME,
			SEED_000_LIFETIME, DAY);

	private final Duration step;

	private Day(Duration step) {
		this.step = step;
	}

	/**
	 * Simulate the days.
	 * @param quick whether to call every 10 seconds rather than every second: the day without
	 * {@code expires_in} costs stock Spring Security one real token request per call
	 * @param out where results go
	 */
	static void run(boolean quick, Consumer<ResultLine> out) {
		new Day(Duration.ofSeconds(quick ? 10 : 1)).run(out);
	}

	private void run(Consumer<ResultLine> out) {
		try (LoopbackServer server = LoopbackServer.start()) {
			server.setExpiresIn(SEED_000_LIFETIME);
			timed(out, () -> tokenStarter(server, SEED_000_LIFETIME, AT_EXPIRY, TokenStarterFixture.expiresIn()));
			timed(out, () -> tokenStarter(server, SEED_000_LIFETIME, RATIO_08, TokenStarterFixture.expiresIn()));
			timed(out, () -> stock(server, SEED_000_LIFETIME));
			server.setExpiresIn(null);
			timed(out, () -> tokenStarter(server, SEED_004_LIFETIME, AT_EXPIRY,
					TokenStarterFixture.expiresIn(SEED_004_LIFETIME)));
			timed(out, () -> tokenStarter(server, SEED_004_LIFETIME, RATIO_08,
					TokenStarterFixture.expiresIn(SEED_004_LIFETIME)));
			timed(out, () -> stock(server, SEED_004_LIFETIME));
			for (Duration lifetime : DEFAULT_LIFETIMES) {
				boolean withExpiresIn = !lifetime.equals(SEED_004_LIFETIME);
				server.setExpiresIn(withExpiresIn ? lifetime : null);
				timed(out, () -> atDefaults(server, lifetime, withExpiresIn ? TokenStarterFixture.expiresIn()
						: TokenStarterFixture.expiresIn(lifetime)));
			}
		}
	}

	private ResultLine atDefaults(LoopbackServer server, Duration lifetime, ExpirySpec expiry) {
		Outcome outcome = simulate(server, LifecycleSpec.defaults(), expiry);
		long bound = (lifetime.compareTo(SEED_004_LIFETIME) >= 0)
				? ceilDiv(DAY.toMillis(), lifetime.minusSeconds(60).toMillis()) + 1
				: (long) Math.ceil(DAY.toMillis() / (0.8 * lifetime.toMillis()));
		Duration expiresIn = server.expiresIn();
		return ResultLine.of("day")
			.with("impl", "token-starter")
			.with("settings", "default")
			.with("lifetime_s", lifetime.toSeconds())
			.with("expires_in", (expiresIn != null) ? String.valueOf(expiresIn.toSeconds()) : "absent")
			.with("call_every_s", this.step.toSeconds())
			.with("calls", calls())
			.with("tokens_issued", outcome.tokensIssued())
			.with("minimum", ceilDiv(DAY.toMillis(), lifetime.toMillis()))
			.with("bound", bound)
			.with("expired_served", outcome.expiredServed());
	}

	private static void timed(Consumer<ResultLine> out, Supplier<ResultLine> day) {
		long start = System.nanoTime();
		ResultLine line = day.get();
		System.err.printf(Locale.ROOT, "# simulated day took %.1f s of real time%n", (System.nanoTime() - start) / 1e9);
		out.accept(line);
	}

	private ResultLine tokenStarter(LoopbackServer server, Duration lifetime, LifecycleSpec spec,
			ExpirySpec expiry) {
		Outcome outcome = simulate(server, spec, expiry);
		long renewAfter = Math.min((long) (lifetime.toMillis() * spec.refreshAheadRatio()),
				lifetime.minus(spec.clockSkew()).toMillis());
		long renewEvery = ceilDiv(renewAfter, this.step.toMillis()) * this.step.toMillis();
		return line("token-starter", server, lifetime)
			.with("refresh_ahead_ratio", spec.refreshAheadRatio(), 1)
			.with("clock_skew_s", spec.clockSkew().toSeconds())
			.with("calls", calls())
			.with("tokens_issued", outcome.tokensIssued())
			.with("minimum", ceilDiv(DAY.toMillis(), lifetime.toMillis()))
			.with("expected", ceilDiv(DAY.toMillis(), renewEvery))
			.with("expired_served", outcome.expiredServed());
	}

	/**
	 * Run token-starter's day: every call asks the lifecycle for a token, and a token past its expiry
	 * counts as served expired.
	 */
	private Outcome simulate(LoopbackServer server, LifecycleSpec spec, ExpirySpec expiry) {
		MutableClock clock = new MutableClock(START);
		TokenLifecycle lifecycle = TokenStarterFixture
			.create(server.uri(LoopbackServer.JSON_TOKEN_PATH), spec, expiry, clock, JdkHttp.client())
			.lifecycle();
		lifecycle.setDelayer((delay, task) -> task.run());
		long before = server.requests(LoopbackServer.JSON_TOKEN_PATH);
		long expiredServed = 0;
		for (long call = 0; call < calls(); call++) {
			clock.set(START.plus(this.step.multipliedBy(call)));
			OAuth2AccessToken token = lifecycle.token();
			if (token.getExpiresAt() != null && !token.getExpiresAt().isAfter(clock.instant())) {
				expiredServed++;
			}
		}
		return new Outcome(server.requests(LoopbackServer.JSON_TOKEN_PATH) - before, expiredServed);
	}

	private ResultLine stock(LoopbackServer server, Duration lifetime) {
		MutableClock clock = new MutableClock(START);
		SpringSecurityFixture stock = SpringSecurityFixture.create(server.uri(LoopbackServer.FORM_TOKEN_PATH),
				JdkHttp.client(), clock);
		OAuth2AuthorizedClientManager manager = stock.manager();
		OAuth2AuthorizeRequest request = stock.authorizeRequest();
		long before = server.requests(LoopbackServer.FORM_TOKEN_PATH);
		for (long call = 0; call < calls(); call++) {
			clock.set(START.plus(this.step.multipliedBy(call)));
			OAuth2AuthorizedClient client = manager.authorize(request);
			if (client == null) {
				throw new IllegalStateException("Spring Security authorized no client");
			}
		}
		return line("spring-security", server, lifetime).with("clock_skew_s", STOCK_CLOCK_SKEW.toSeconds())
			.with("calls", calls())
			.with("tokens_issued", server.requests(LoopbackServer.FORM_TOKEN_PATH) - before)
			.with("minimum", ceilDiv(DAY.toMillis(), lifetime.toMillis()));
	}

	private ResultLine line(String impl, LoopbackServer server, Duration lifetime) {
		Duration expiresIn = server.expiresIn();
		return ResultLine.of("day")
			.with("impl", impl)
			.with("expires_in", (expiresIn != null) ? String.valueOf(expiresIn.toSeconds()) : "absent")
			.with("lifetime_s", lifetime.toSeconds())
			.with("call_every_s", this.step.toSeconds());
	}

	private long calls() {
		return DAY.dividedBy(this.step);
	}

	private static long ceilDiv(long dividend, long divisor) {
		return -Math.floorDiv(-dividend, divisor);
	}

	private record Outcome(long tokensIssued, long expiredServed) {
	}

}
