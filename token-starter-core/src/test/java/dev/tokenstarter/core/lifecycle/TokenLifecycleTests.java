package dev.tokenstarter.core.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.definition.LifecycleSpec.BudgetLimit;
import dev.tokenstarter.core.definition.LifecycleSpec.IssuanceBudgetSpec;
import dev.tokenstarter.core.definition.LifecycleSpec.RetrySpec;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.definition.TokenResponseSpec;
import dev.tokenstarter.core.lifecycle.TokenLifecycleListener.RenewalReason;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.test.ConcurrentTestHarness;
import dev.tokenstarter.core.test.ConcurrentTestHarness.Outcome;
import dev.tokenstarter.core.test.IssuingRenewer;
import dev.tokenstarter.core.test.ManualDelayer;
import dev.tokenstarter.core.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TokenLifecycle}.
 *
 * @author token-starter
 */
class TokenLifecycleTests {

	private static final Duration LIFETIME = Duration.ofSeconds(100);

	private static final RetrySpec RETRY = new RetrySpec(3, Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);

	private static final LifecycleSpec SPEC = new LifecycleSpec(0.5, null, Duration.ZERO, null, RETRY);

	private final MutableClock clock = MutableClock.start();

	private final ManualDelayer delayer = new ManualDelayer(this.clock);

	private final IssuingRenewer renewer = new IssuingRenewer(this.clock, LIFETIME);

	private final ExecutorService callers = Executors.newCachedThreadPool();

	@AfterEach
	void stopCallers() {
		this.callers.shutdownNow();
	}

	@Test
	void tokenWhenColdThenRenewsOnce() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		assertThat(lifecycle.currentClient()).isNull();
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t1");
		assertThat(this.renewer.calls()).isEqualTo(1);
		assertThat(this.renewer.replacedTokens()).containsExactly("null");
		assertThat(lifecycle.currentClient().getAccessToken().getTokenValue()).isEqualTo("t1");
	}

	@Test
	void tokenWhenWarmThenDoesNotRenew() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		lifecycle.token();
		this.clock.advance(Duration.ofMillis(49_999));
		for (int i = 0; i < 10; i++) {
			assertThat(lifecycle.token().getTokenValue()).isEqualTo("t1");
		}
		assertThat(this.renewer.calls()).isEqualTo(1);
		assertThat(this.delayer.pendingCount()).isZero();
	}

	@Test
	void tokenWhenPastRefreshAheadRatioThenOneBackgroundRenewalWhileOldTokenIsServed() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		lifecycle.token();
		this.clock.advance(Duration.ofSeconds(50));
		for (int i = 0; i < 20; i++) {
			assertThat(lifecycle.token().getTokenValue()).isEqualTo("t1");
			assertThat(lifecycle.tokenMono().block(Duration.ofSeconds(10)).getTokenValue()).isEqualTo("t1");
		}
		assertThat(this.renewer.calls()).isEqualTo(1);
		assertThat(this.delayer.pendingCount()).isEqualTo(1);
		assertThat(this.delayer.runNext()).isZero();
		assertThat(this.renewer.calls()).isEqualTo(2);
		assertThat(this.renewer.replacedTokens()).containsExactly("null", "t1");
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t2");
		assertThat(this.delayer.pendingCount()).isZero();
	}

	@Test
	void tokenWhenRefreshAheadWindowComesFirstThenRenewsAtWindow() {
		LifecycleSpec spec = new LifecycleSpec(0.9, Duration.ofSeconds(30), Duration.ZERO, null, RETRY);
		TokenLifecycle lifecycle = lifecycle(spec);
		lifecycle.token();
		this.clock.advance(Duration.ofMillis(69_999));
		lifecycle.token();
		assertThat(this.delayer.pendingCount()).isZero();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t1");
		assertThat(this.delayer.pendingCount()).isEqualTo(1);
	}

	@Test
	void tokenWhenRatioComesBeforeWindowThenRenewsAtRatio() {
		LifecycleSpec spec = new LifecycleSpec(0.5, Duration.ofSeconds(10), Duration.ZERO, null, RETRY);
		TokenLifecycle lifecycle = lifecycle(spec);
		lifecycle.token();
		this.clock.advance(Duration.ofSeconds(50));
		lifecycle.token();
		assertThat(this.delayer.pendingCount()).isEqualTo(1);
	}

	@Test
	void tokenWhenWithinClockSkewOfExpiryThenRenewsBeforeReturning() {
		LifecycleSpec spec = new LifecycleSpec(1.0, null, Duration.ofSeconds(10), null, RETRY);
		TokenLifecycle lifecycle = lifecycle(spec);
		lifecycle.token();
		this.clock.advance(Duration.ofMillis(89_999));
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t1");
		assertThat(this.delayer.pendingCount()).isZero();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t2");
		assertThat(this.renewer.calls()).isEqualTo(2);
		assertThat(this.delayer.pendingCount()).isZero();
	}

	@Test
	void tokenWhenExpiredThenCallerWaitsForRenewal() throws Exception {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		lifecycle.token();
		this.clock.advance(LIFETIME);
		CompletableFuture<OAuth2AuthorizedClient> pending = this.renewer.deferNext();
		CompletableFuture<OAuth2AccessToken> caller = CompletableFuture.supplyAsync(lifecycle::token, this.callers);
		awaitCalls(this.renewer, 2);
		assertThat(caller).isNotDone();
		pending.complete(this.renewer.issue());
		assertThat(caller.get(10, TimeUnit.SECONDS).getTokenValue()).isEqualTo("t2");
		assertThat(this.delayer.pendingCount()).isZero();
	}

	@Test
	void tokenWhenManyThreadsOnColdCacheThenOneRenewal() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		CountDownLatch gate = this.renewer.gate();
		ConcurrentTestHarness.Running<String> running = ConcurrentTestHarness.start(50,
				(i) -> () -> lifecycle.token().getTokenValue());
		running.awaitBlockedIn(TokenLifecycle.class);
		gate.countDown();
		assertThat(values(running.await())).hasSize(50).containsOnly("t1");
		assertThat(this.renewer.calls()).isEqualTo(1);
	}

	@Test
	void tokenWhenManyThreadsAtExpiryThenOneRenewal() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		lifecycle.token();
		this.clock.advance(LIFETIME);
		CountDownLatch gate = this.renewer.gate();
		ConcurrentTestHarness.Running<String> running = ConcurrentTestHarness.start(50,
				(i) -> () -> lifecycle.token().getTokenValue());
		running.awaitBlockedIn(TokenLifecycle.class);
		gate.countDown();
		assertThat(values(running.await())).hasSize(50).containsOnly("t2");
		assertThat(this.renewer.calls()).isEqualTo(2);
		assertThat(this.renewer.replacedTokens()).containsExactly("null", "t1");
	}

	@Test
	void tokenMonoWhenManySubscribersOnColdCacheThenOneRenewalWithReactiveRenewer() {
		IssuingRenewer blocking = new IssuingRenewer(this.clock, LIFETIME, "blocking-");
		TokenLifecycle lifecycle = new TokenLifecycle("api", SPEC, blocking, this.renewer);
		lifecycle.setClock(this.clock);
		lifecycle.setDelayer(this.delayer);
		CompletableFuture<OAuth2AuthorizedClient> pending = this.renewer.deferNext();
		List<Mono<String>> subscribers = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			subscribers.add(lifecycle.tokenMono().map(OAuth2AccessToken::getTokenValue));
		}
		Mono<List<Object>> all = Mono.zip(subscribers, List::of);
		StepVerifier.create(all).then(() -> {
			assertThat(this.renewer.calls()).isEqualTo(1);
			pending.complete(this.renewer.issue());
		}).assertNext((values) -> assertThat(values).hasSize(50).containsOnly("t1")).expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.renewer.calls()).isEqualTo(1);
		assertThat(blocking.calls()).isZero();
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t1");
	}

	@Test
	void tokenMonoWhenSubscribedAfterTokenExpiredThenRenews() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		lifecycle.token();
		Mono<String> token = lifecycle.tokenMono().map(OAuth2AccessToken::getTokenValue);
		assertThat(this.delayer.pendingCount()).isZero();
		this.clock.advance(LIFETIME);
		StepVerifier.create(token).expectNext("t2").expectComplete().verify(Duration.ofSeconds(10));
		assertThat(this.renewer.calls()).isEqualTo(2);
	}

	@Test
	void tokenWhenRenewalFailsThenAllWaitersGetTheSameErrorAndNextCallAfterQuietPeriodRetries() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		TokenEndpointException refused = refused();
		CountDownLatch gate = this.renewer.gate();
		this.renewer.failNext(refused);
		ConcurrentTestHarness.Running<String> running = ConcurrentTestHarness.start(20,
				(i) -> () -> lifecycle.token().getTokenValue());
		running.awaitBlockedIn(TokenLifecycle.class);
		gate.countDown();
		List<Outcome<String>> outcomes = running.await();
		assertThat(outcomes).allSatisfy((outcome) -> assertThat(outcome.error()).isSameAs(refused));
		assertThat(this.renewer.calls()).isEqualTo(1);
		assertThatExceptionOfType(TokenEndpointException.class).isThrownBy(lifecycle::token).isSameAs(refused);
		assertThat(this.renewer.calls()).isEqualTo(1);
		this.clock.advance(RETRY.maxBackoff());
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t1");
		assertThat(this.renewer.calls()).isEqualTo(2);
	}

	@Test
	void tokenMonoWhenRenewalFailsThenSubscribersGetTheErrorAndLaterSubscriberRetries() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		TokenEndpointException refused = refused();
		CompletableFuture<OAuth2AuthorizedClient> pending = this.renewer.deferNext();
		Mono<OAuth2AccessToken> first = lifecycle.tokenMono();
		Mono<OAuth2AccessToken> second = lifecycle.tokenMono();
		StepVerifier.create(Mono.zip(first.materialize(), second.materialize()))
			.then(() -> pending.completeExceptionally(refused))
			.assertNext((signals) -> {
				assertThat(signals.getT1().getThrowable()).isSameAs(refused);
				assertThat(signals.getT2().getThrowable()).isSameAs(refused);
			})
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		this.clock.advance(RETRY.maxBackoff());
		StepVerifier.create(lifecycle.tokenMono().map(OAuth2AccessToken::getTokenValue))
			.expectNext("t1")
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.renewer.calls()).isEqualTo(2);
	}

	@Test
	void tokenWhenTransientFailuresThenRetriesWithExponentialBackoff() throws Exception {
		RetrySpec retry = new RetrySpec(4, Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);
		TokenLifecycle lifecycle = lifecycle(new LifecycleSpec(0.5, null, Duration.ZERO, null, retry));
		this.renewer.failNext(unavailable(), unavailable(), unavailable());
		CompletableFuture<OAuth2AccessToken> caller = CompletableFuture.supplyAsync(lifecycle::token, this.callers);
		this.delayer.runNext();
		this.delayer.runNext();
		this.delayer.runNext();
		assertThat(caller.get(10, TimeUnit.SECONDS).getTokenValue()).isEqualTo("t1");
		assertThat(this.renewer.calls()).isEqualTo(4);
		List<Duration> delays = this.delayer.delays();
		assertThat(delays).hasSize(3);
		long base = 200;
		for (Duration delay : delays) {
			assertThat(delay.toMillis()).isBetween((long) (base * 0.8), base);
			base *= 2;
		}
		assertThat(delays.get(1)).isGreaterThan(delays.get(0));
		assertThat(delays.get(2)).isGreaterThan(delays.get(1));
	}

	@Test
	void tokenMonoWhenTransientFailuresExhaustAttemptsThenFailsAfterMaxAttempts() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		TokenEndpointException last = unavailable();
		this.renewer.failNext(unavailable(), unavailable(), last, unavailable());
		StepVerifier.create(lifecycle.tokenMono()).then(() -> {
			this.delayer.runNext();
			this.delayer.runNext();
		}).expectErrorSatisfies((ex) -> assertThat(ex).isSameAs(last)).verify(Duration.ofSeconds(10));
		assertThat(this.renewer.calls()).isEqualTo(RETRY.maxAttempts());
		assertThat(this.delayer.pendingCount()).isZero();
	}

	@Test
	void tokenWhenEndpointRefusesThenNotRetried() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		TokenEndpointException refused = refused();
		this.renewer.failNext(refused);
		assertThatExceptionOfType(TokenEndpointException.class).isThrownBy(lifecycle::token).isSameAs(refused);
		assertThat(this.renewer.calls()).isEqualTo(1);
		assertThat(this.delayer.pendingCount()).isZero();
	}

	@Test
	void tokenWhenIssuanceBudgetExceededThenNotRetried() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		IssuanceBudgetExceededException exceeded = new IssuanceBudgetExceededException("api", 5,
				this.clock.instant().plusSeconds(60));
		this.renewer.failNext(exceeded);
		assertThatExceptionOfType(IssuanceBudgetExceededException.class).isThrownBy(lifecycle::token)
			.isSameAs(exceeded);
		assertThat(this.renewer.calls()).isEqualTo(1);
		assertThat(this.delayer.pendingCount()).isZero();
	}

	@Test
	void tokenWhenRefreshAheadFailsThenValidTokenIsServedAndRenewerWaitsForQuietPeriod() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		lifecycle.token();
		this.clock.advance(Duration.ofSeconds(50));
		this.renewer.failNext(unavailable(), unavailable(), unavailable());
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t1");
		for (int attempt = 1; attempt <= RETRY.maxAttempts(); attempt++) {
			this.delayer.runNext();
			assertThat(this.renewer.calls()).isEqualTo(1 + attempt);
			assertThat(lifecycle.token().getTokenValue()).isEqualTo("t1");
		}
		assertThat(this.delayer.pendingCount()).isZero();
		this.clock.advance(RETRY.maxBackoff().minusMillis(1));
		for (int i = 0; i < 10; i++) {
			assertThat(lifecycle.token().getTokenValue()).isEqualTo("t1");
		}
		assertThat(this.delayer.pendingCount()).isZero();
		assertThat(this.renewer.calls()).isEqualTo(1 + RETRY.maxAttempts());
		this.clock.advance(Duration.ofMillis(1));
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t1");
		assertThat(this.delayer.pendingCount()).isEqualTo(1);
		this.delayer.runNext();
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t2");
	}

	@Test
	void tokenWhenRenewerThrowsErrorThenCallerFailsAndLaterCallsDoNotHang() throws Exception {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		NoClassDefFoundError error = new NoClassDefFoundError("some/Missing");
		this.renewer.throwNext(error);
		CompletableFuture<OAuth2AccessToken> first = CompletableFuture.supplyAsync(lifecycle::token, this.callers);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> first.get(10, TimeUnit.SECONDS))
			.havingRootCause()
			.isSameAs(error);
		this.clock.advance(RETRY.maxBackoff());
		CompletableFuture<OAuth2AccessToken> next = CompletableFuture.supplyAsync(lifecycle::token, this.callers);
		assertThat(next.get(10, TimeUnit.SECONDS).getTokenValue()).isEqualTo("t1");
	}

	@Test
	void tokenWhenRenewerCompletesWithoutClientThenCallerFailsInsteadOfHanging() throws Exception {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		this.renewer.completeEmptyNext();
		CompletableFuture<OAuth2AccessToken> first = CompletableFuture.supplyAsync(lifecycle::token, this.callers);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> first.get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(IllegalStateException.class)
			.withMessageContaining("'api'");
		this.clock.advance(RETRY.maxBackoff());
		CompletableFuture<OAuth2AccessToken> next = CompletableFuture.supplyAsync(lifecycle::token, this.callers);
		assertThat(next.get(10, TimeUnit.SECONDS).getTokenValue()).isEqualTo("t1");
	}

	@Test
	void invalidateWhenCurrentTokenThenNextCallRenewsOnce() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		lifecycle.token();
		lifecycle.invalidate("t1");
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t2");
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t2");
		assertThat(this.renewer.calls()).isEqualTo(2);
		assertThat(this.renewer.replacedTokens()).containsExactly("null", "t1");
	}

	@Test
	void invalidateWhenOldTokenThenIgnored() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		lifecycle.invalidate("t0");
		lifecycle.token();
		lifecycle.invalidate("t1");
		lifecycle.token();
		lifecycle.invalidate("t1");
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t2");
		assertThat(this.renewer.calls()).isEqualTo(2);
	}

	@Test
	void refusedWhenRenewedTokenRefusedTheSameWayThenKeptWithoutRenewal() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		lifecycle.token();
		assertThat(lifecycle.refused("t1", "HTTP 401")).isTrue();
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t2");
		lifecycle.refusedAgain("t2", "HTTP 401");
		assertThat(lifecycle.refused("t2", "HTTP 401")).isFalse();
		assertThat(lifecycle.refused("t2", "HTTP 401")).isFalse();
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t2");
		assertThat(this.renewer.calls()).isEqualTo(2);
	}

	@Test
	void refusedWhenRenewedTokenWasAcceptedAndIsRefusedLaterThenRenewedAgain() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		lifecycle.token();
		assertThat(lifecycle.refused("t1", "HTTP 401")).isTrue();
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t2");
		assertThat(lifecycle.refused("t2", "HTTP 401")).as("t2 revoked after it was accepted").isTrue();
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t3");
		assertThat(this.renewer.calls()).isEqualTo(3);
	}

	@Test
	void refusedWhenRenewedTokenRefusedAnotherWayThenRenewedAgain() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		lifecycle.token();
		assertThat(lifecycle.refused("t1", "HTTP 401")).isTrue();
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t2");
		assertThat(lifecycle.refused("t2", "HTTP 403")).isTrue();
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t3");
		assertThat(this.renewer.calls()).isEqualTo(3);
	}

	@Test
	void refusedWhenTokenRenewedForExpiryIsRefusedThenRenewedOnce() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		lifecycle.token();
		lifecycle.refused("t1", "HTTP 401");
		lifecycle.token();
		lifecycle.refusedAgain("t2", "HTTP 401");
		assertThat(lifecycle.refused("t2", "HTTP 401")).isFalse();
		this.clock.advance(LIFETIME);
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t3");
		assertThat(lifecycle.refused("t3", "HTTP 401")).isTrue();
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t4");
		lifecycle.refusedAgain("t4", "HTTP 401");
		assertThat(lifecycle.refused("t4", "HTTP 401")).isFalse();
	}

	@Test
	void invalidateWhenManyThreadsReportSameTokenThenOneRenewal() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		lifecycle.token();
		List<Outcome<String>> outcomes = ConcurrentTestHarness.run(50, (i) -> () -> {
			lifecycle.invalidate("t1");
			return lifecycle.token().getTokenValue();
		});
		assertThat(values(outcomes)).hasSize(50).containsOnly("t2");
		assertThat(this.renewer.calls()).isEqualTo(2);
	}

	@Test
	void tokenWhenTwentySecondTokensAtDefaultsThenTenCallsOverTwoSecondsSendOneRequest() {
		IssuingRenewer renewer = new IssuingRenewer(this.clock, Duration.ofSeconds(20));
		TokenLifecycle lifecycle = lifecycle(LifecycleSpec.defaults(), renewer);
		for (int i = 0; i < 10; i++) {
			assertThat(lifecycle.token().getTokenValue()).isEqualTo("t1");
			this.clock.advance(Duration.ofMillis(200));
		}
		assertThat(renewer.calls()).isEqualTo(1);
		assertThat(this.delayer.pendingCount()).isZero();
	}

	@Test
	void tokenWhenAnHourOfTwentySecondTokensAtDefaultsThenRenewedAheadEverySixteenSecondsAndNeverExpired() {
		IssuingRenewer renewer = new IssuingRenewer(this.clock, Duration.ofSeconds(20));
		TokenLifecycle lifecycle = lifecycle(LifecycleSpec.defaults(), renewer);
		lifecycle.setDelayer((delay, task) -> task.run());
		List<RenewalReason> reasons = reasons(lifecycle);
		for (int second = 0; second < 3600; second++) {
			assertThat(lifecycle.token().getExpiresAt()).isAfter(this.clock.instant());
			this.clock.advance(Duration.ofSeconds(1));
		}
		assertThat(renewer.calls()).isEqualTo(225).isLessThanOrEqualTo((int) Math.ceil(3600 / (0.8 * 20)));
		assertThat(reasons).hasSize(225).first().isEqualTo(RenewalReason.INITIAL);
		assertThat(reasons.subList(1, reasons.size())).containsOnly(RenewalReason.AHEAD);
	}

	@Test
	void tokenWhenEndpointSlowThenRenewalStartsEarlierAndEndsBeforeTheTokenIsUnusable() {
		IssuingRenewer issuing = new IssuingRenewer(this.clock, Duration.ofHours(2));
		Renewer slow = (replacedToken) -> {
			CompletableFuture<OAuth2AuthorizedClient> issued = issuing.renew(replacedToken);
			this.clock.advance(Duration.ofSeconds(8));
			return issued;
		};
		TokenLifecycle lifecycle = new TokenLifecycle("api", LifecycleSpec.defaults(), slow, null);
		lifecycle.setClock(this.clock);
		lifecycle.setDelayer(this.delayer);
		List<RenewalReason> reasons = reasons(lifecycle);
		OAuth2AccessToken first = lifecycle.token();
		Instant usableUntil = first.getExpiresAt().minusSeconds(30);
		Instant renewAt = usableUntil.minusMillis(3 * 8_000 + 200 + 400);
		this.clock.set(renewAt.minusMillis(1));
		lifecycle.token();
		assertThat(this.delayer.pendingCount()).isZero();
		this.clock.set(renewAt);
		assertThat(lifecycle.token()).isSameAs(first);
		assertThat(this.delayer.pendingCount()).isEqualTo(1);
		this.delayer.runNext();
		assertThat(this.clock.instant()).isBefore(usableUntil);
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t2");
		assertThat(reasons).containsExactly(RenewalReason.INITIAL, RenewalReason.AHEAD);
	}

	@Test
	void tokenWhenBudgetHasRoomThenRenewsAheadAfterAskingIt() {
		TokenLifecycle lifecycle = lifecycle(LifecycleSpec.defaults());
		lifecycle.setIssuanceBudget(budget(new IssuanceBudgetSpec(10, Duration.ofDays(1))));
		lifecycle.token();
		this.clock.advance(Duration.ofSeconds(85));
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t1");
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t1");
		assertThat(this.delayer.pendingCount()).isEqualTo(1);
		this.delayer.runNext();
		this.delayer.runNext();
		assertThat(this.renewer.calls()).isEqualTo(2);
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t2");
	}

	@Test
	void tokenWhenBudgetRunsLowThenNoRenewalAheadAndTokenRenewedAtExpiry() {
		InMemoryIssuanceBudget budget = budget(new IssuanceBudgetSpec(10, Duration.ofDays(1)));
		for (int i = 0; i < 9; i++) {
			budget.acquire("api");
		}
		TokenLifecycle lifecycle = lifecycle(LifecycleSpec.defaults());
		lifecycle.setIssuanceBudget(budget);
		lifecycle.token();
		this.clock.advance(Duration.ofSeconds(85));
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t1");
		this.delayer.runNext();
		assertThat(this.delayer.pendingCount()).isZero();
		for (int i = 0; i < 4; i++) {
			assertThat(lifecycle.token().getTokenValue()).isEqualTo("t1");
			this.clock.advance(Duration.ofSeconds(1));
		}
		assertThat(this.delayer.pendingCount()).isZero();
		assertThat(this.renewer.calls()).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t2");
		assertThat(this.renewer.calls()).isEqualTo(2);
	}

	@Test
	void tokenWhenBudgetAllowsNoRequestYetThenNoRenewalAheadUntilItDoes() {
		InMemoryIssuanceBudget budget = budget(
				new IssuanceBudgetSpec(List.of(new BudgetLimit(100, Duration.ofDays(1))), Duration.ofSeconds(87)));
		budget.acquire("api");
		TokenLifecycle lifecycle = lifecycle(LifecycleSpec.defaults());
		lifecycle.setIssuanceBudget(budget);
		lifecycle.token();
		this.clock.advance(Duration.ofSeconds(85));
		lifecycle.token();
		this.delayer.runNext();
		assertThat(this.delayer.pendingCount()).isZero();
		this.clock.advance(Duration.ofMillis(1999));
		lifecycle.token();
		assertThat(this.delayer.pendingCount()).isZero();
		this.clock.advance(Duration.ofMillis(1));
		lifecycle.token();
		this.delayer.runNext();
		this.delayer.runNext();
		assertThat(this.renewer.replacedTokens()).containsExactly("null", "t1");
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t2");
	}

	private InMemoryIssuanceBudget budget(IssuanceBudgetSpec spec) {
		TokenClientDefinition definition = TokenClientDefinition.withRegistrationId("api")
			.tokenEndpoint(new TokenEndpointSpec(TokenRequestSpec.post("http://127.0.0.1:1/token"),
					TokenResponseSpec.oauth2()))
			.lifecycle(new LifecycleSpec(null, null, Duration.ofSeconds(30), spec, RETRY))
			.build();
		return new InMemoryIssuanceBudget(new TokenClientDefinitions(List.of(definition)), this.clock);
	}

	private static List<RenewalReason> reasons(TokenLifecycle lifecycle) {
		List<RenewalReason> reasons = new CopyOnWriteArrayList<>();
		lifecycle.setListener(new TokenLifecycleListener() {

			@Override
			public void renewalStarted(String registrationId, RenewalReason reason) {
				reasons.add(reason);
			}

		});
		return reasons;
	}

	@Test
	void tokenWhenRenewalOutlastsAcquireTimeoutThenCallerFailsAndRenewalGoesOn() throws Exception {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		lifecycle.setDelayer(Delayer.on(this.callers));
		lifecycle.setAcquireTimeout(Duration.ofMillis(200));
		CountDownLatch gate = this.renewer.gate();

		long started = System.nanoTime();
		TokenEndpointException ex = catchThrowableOfType(TokenEndpointException.class, lifecycle::token);

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertThat(ex.getError().getErrorCode()).isEqualTo(TokenEndpointException.ACQUIRE_TIMEOUT);
		assertThat(ex.isTransient()).isTrue();
		assertThat(ex.getMessage()).isEqualTo("Client 'api' got no token within its acquire-timeout of 200 ms; "
				+ "its token request goes on in the background");
		assertThat(ex.getCause()).isNull();
		assertThat(lifecycle.state().status()).isEqualTo(TokenClientState.Status.RENEWING);
		gate.countDown();
		awaitCalls(this.renewer, 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> lifecycle.currentClient() != null);
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("t1");
		assertThat(this.renewer.calls()).isEqualTo(1);
	}

	@Test
	void tokenWhenAttemptFailedBeforeAcquireTimeoutThenMessageAndCauseCarryThatFailure() {
		RetrySpec retry = new RetrySpec(3, Duration.ofMillis(10), Duration.ofMillis(10), 0);
		TokenLifecycle lifecycle = lifecycle(new LifecycleSpec(0.5, null, Duration.ZERO, null, retry));
		lifecycle.setDelayer(Delayer.on(this.callers));
		lifecycle.setAcquireTimeout(Duration.ofMillis(500));
		TokenEndpointException unavailable = unavailable();
		this.renewer.failNext(unavailable);
		this.renewer.deferNext();

		TokenEndpointException ex = catchThrowableOfType(TokenEndpointException.class, lifecycle::token);

		assertThat(ex.getError().getErrorCode()).isEqualTo(TokenEndpointException.ACQUIRE_TIMEOUT);
		assertThat(ex.getMessage()).isEqualTo("Client 'api' got no token within its acquire-timeout of 500 ms; "
				+ "its token request goes on in the background; the last attempt failed: "
				+ "Token endpoint of client 'api' answered 503");
		assertThat(ex.getCause()).isSameAs(unavailable);
		awaitCalls(this.renewer, 2);
		assertThat(this.renewer.calls()).isEqualTo(2);
	}

	@Test
	void tokenMonoWhenRenewalOutlastsAcquireTimeoutThenSubscriberFailsAndRenewalGoesOn() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		lifecycle.setAcquireTimeout(Duration.ofMillis(200));
		CompletableFuture<OAuth2AuthorizedClient> pending = this.renewer.deferNext();

		StepVerifier.create(lifecycle.tokenMono())
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(TokenEndpointException.class)
				.hasMessage("Client 'api' got no token within its acquire-timeout of 200 ms; "
						+ "its token request goes on in the background"))
			.verify(Duration.ofSeconds(10));

		pending.complete(this.renewer.issue());
		StepVerifier.create(lifecycle.tokenMono().map(OAuth2AccessToken::getTokenValue))
			.expectNext("t1")
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(this.renewer.calls()).isEqualTo(1);
	}

	@Test
	void tokenMonoWhenSubscribersCancelledBeforeRenewalFailsThenNoErrorIsDropped() {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		CompletableFuture<OAuth2AuthorizedClient> pending = this.renewer.deferNext();
		List<Throwable> dropped = new CopyOnWriteArrayList<>();
		Hooks.onErrorDropped(dropped::add);
		try {
			StepVerifier.create(Flux.range(0, 20).flatMap((i) -> lifecycle.tokenMono()))
				.then(() -> pending.completeExceptionally(refused()))
				.expectError(TokenEndpointException.class)
				.verify(Duration.ofSeconds(10));
		}
		finally {
			Hooks.resetOnErrorDropped();
		}
		assertThat(dropped).isEmpty();
		assertThat(this.renewer.calls()).isEqualTo(1);
	}

	@Test
	void tokenWhenTransientFailureCarriesRetryAfterThenNextAttemptWaitsForIt() throws Exception {
		TokenLifecycle lifecycle = lifecycle(SPEC);
		this.renewer.failNext(tooManyRequests(Duration.ofSeconds(3)), tooManyRequests(Duration.ofMinutes(2)));
		CompletableFuture<OAuth2AccessToken> caller = CompletableFuture.supplyAsync(lifecycle::token, this.callers);
		assertThat(this.delayer.runNext()).isEqualTo(Duration.ofSeconds(3));
		assertThat(this.delayer.runNext()).isEqualTo(RETRY.maxBackoff());
		assertThat(caller.get(10, TimeUnit.SECONDS).getTokenValue()).isEqualTo("t1");
		assertThat(this.renewer.calls()).isEqualTo(3);
	}

	private TokenLifecycle lifecycle(LifecycleSpec spec, Renewer renewer) {
		TokenLifecycle lifecycle = new TokenLifecycle("api", spec, renewer, null);
		lifecycle.setClock(this.clock);
		lifecycle.setDelayer(this.delayer);
		return lifecycle;
	}

	private TokenLifecycle lifecycle(LifecycleSpec spec) {
		TokenLifecycle lifecycle = new TokenLifecycle("api", spec, this.renewer, null);
		lifecycle.setClock(this.clock);
		lifecycle.setDelayer(this.delayer);
		return lifecycle;
	}

	private static List<String> values(List<Outcome<String>> outcomes) {
		List<String> values = new ArrayList<>();
		for (Outcome<String> outcome : outcomes) {
			if (outcome.error() != null) {
				throw new AssertionError("a thread failed", outcome.error());
			}
			values.add(outcome.value());
		}
		return values;
	}

	private static void awaitCalls(IssuingRenewer renewer, int calls) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (renewer.calls() < calls) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError(
						"renewer not called " + calls + " times\n" + ConcurrentTestHarness.threadDump());
			}
			Thread.onSpinWait();
		}
	}

	private static TokenEndpointException refused() {
		return new TokenEndpointException("api", 401, "invalid_client", "Token endpoint of client 'api' answered 401",
				false, null);
	}

	private static TokenEndpointException tooManyRequests(Duration retryAfter) {
		return new TokenEndpointException("api", 429, "slow_down", "Token endpoint of client 'api' answered 429", true,
				null, retryAfter);
	}

	private static TokenEndpointException unavailable() {
		return new TokenEndpointException("api", 503, "server_error", "Token endpoint of client 'api' answered 503",
				true, null);
	}

}
