package dev.tokenstarter.benchmarks;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import dev.tokenstarter.autoconfigure.TokenStarterClients;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;

/**
 * A day of a fleet: {@value Fleet#INSTANCES} instances of one application, each a Spring application
 * context with token-starter's auto-configurations at their default settings, share a Redis or PostgreSQL
 * store and one simulated clock (the applications' {@link Clock} bean) for 24 hours, and each is called
 * once a second. The 2-hour tokens of seed 000 are renewed ahead of expiry by whichever instance gets
 * there first; the others, renewing a moment later, find the new token in the store, so the fleet spends
 * what one instance spends: {@code single_instance} is the same day with one instance on its own store.
 * <p>
 * Background renewals run inline (each lifecycle's {@code Delayer} runs the task at once), so they finish
 * on the simulated clock before the next call. Each run starts from fresh contexts and an empty place in
 * the store, as in {@link Fleet}.
 *
 * @author token-starter
 */
final class FleetDay {

	private static final Duration DAY = Duration.ofHours(24);

	private static final Duration LIFETIME = Duration.ofHours(2);

	private static final Duration STEP = Duration.ofSeconds(1);

	private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

	private FleetDay() {
	}

	static void run(Consumer<ResultLine> out) {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		String encryptionKey = Base64.getEncoder().encodeToString(key);
		try (LoopbackServer server = LoopbackServer.start()) {
			server.setExpiresIn(LIFETIME);
			Map<String, Object> common = Fleet.commonProperties(server, encryptionKey);
			onRedis(server, common, out);
			onPostgres(server, common, out);
		}
	}

	private static void onRedis(LoopbackServer server, Map<String, Object> common, Consumer<ResultLine> out) {
		Fleet.onRedis("fleet-day", common, out,
				(places) -> out.accept(line(server, "redis", Fleet.TokenStarterOnRedis.class, places)));
	}

	private static void onPostgres(LoopbackServer server, Map<String, Object> common, Consumer<ResultLine> out) {
		Fleet.onPostgres("fleet-day", common, out,
				(places) -> out.accept(line(server, "jdbc", Fleet.TokenStarterOnJdbc.class, places)));
	}

	private static ResultLine line(LoopbackServer server, String store, Class<?> source,
			Supplier<Fleet.Place> places) {
		Outcome single = day(server, source, places, 1);
		Outcome fleet = day(server, source, places, Fleet.INSTANCES);
		return ResultLine.of("fleet-day")
			.with("impl", "token-starter")
			.with("store", store)
			.with("instances", Fleet.INSTANCES)
			.with("lifetime_s", LIFETIME.toSeconds())
			.with("call_every_s", STEP.toSeconds())
			.with("calls", fleet.calls())
			.with("tokens_issued", fleet.tokensIssued())
			.with("single_instance", single.tokensIssued())
			.with("expired_served", fleet.expiredServed() + single.expiredServed())
			.with("errors", fleet.errors() + single.errors());
	}

	/**
	 * Run the day on a fresh place in the store with the given number of instances.
	 */
	private static Outcome day(LoopbackServer server, Class<?> source, Supplier<Fleet.Place> places, int instances) {
		long started = System.nanoTime();
		MutableClock clock = new MutableClock(START);
		ApplicationContextInitializer<ConfigurableApplicationContext> sharedClock = (context) -> context
			.getBeanFactory()
			.registerSingleton("simulatedClock", clock);
		try (Fleet.Place place = places.get()) {
			List<ConfigurableApplicationContext> contexts = new ArrayList<>();
			try {
				List<TokenLifecycle> lifecycles = new ArrayList<>();
				for (int i = 0; i < instances; i++) {
					ConfigurableApplicationContext context = Fleet.start(source, place.properties(), sharedClock);
					contexts.add(context);
					TokenLifecycle lifecycle = context.getBean(TokenStarterClients.class).lifecycle(Fleet.CLIENT);
					lifecycle.setDelayer((delay, task) -> task.run());
					lifecycles.add(lifecycle);
				}
				long before = server.requests(LoopbackServer.JSON_TOKEN_PATH);
				long calls = 0;
				long expiredServed = 0;
				long errors = 0;
				for (long second = 0; second < DAY.dividedBy(STEP); second++) {
					clock.set(START.plus(STEP.multipliedBy(second)));
					for (TokenLifecycle lifecycle : lifecycles) {
						calls++;
						try {
							OAuth2AccessToken token = lifecycle.token();
							if (!token.getExpiresAt().isAfter(clock.instant())) {
								expiredServed++;
							}
						}
						catch (RuntimeException ex) {
							if (errors++ == 0) {
								System.err.println("fleet-day: a call failed with " + ex);
							}
						}
					}
				}
				System.err.printf(Locale.ROOT, "# fleet day of %d instance(s) took %.1f s of real time%n", instances,
						(System.nanoTime() - started) / 1e9);
				return new Outcome(calls, server.requests(LoopbackServer.JSON_TOKEN_PATH) - before, expiredServed,
						errors);
			}
			finally {
				Collections.reverse(contexts);
				contexts.forEach(ConfigurableApplicationContext::close);
			}
		}
	}

	private record Outcome(long calls, long tokensIssued, long expiredServed, long errors) {
	}

}
