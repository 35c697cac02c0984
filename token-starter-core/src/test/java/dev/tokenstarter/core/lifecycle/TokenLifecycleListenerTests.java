package dev.tokenstarter.core.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2AccessToken;

import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.definition.LifecycleSpec.RetrySpec;
import dev.tokenstarter.core.lifecycle.TokenLifecycleListener.RenewalReason;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.response.TokenRequestOutcome;
import dev.tokenstarter.core.test.IssuingRenewer;
import dev.tokenstarter.core.test.ManualDelayer;
import dev.tokenstarter.core.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link TokenLifecycleListener}: the events a {@link TokenLifecycle} fires, and the composite.
 *
 * @author token-starter
 */
class TokenLifecycleListenerTests {

	private static final Duration LIFETIME = Duration.ofSeconds(100);

	private static final RetrySpec RETRY = new RetrySpec(3, Duration.ofMillis(200), Duration.ofSeconds(5), 0);

	private static final LifecycleSpec SPEC = new LifecycleSpec(0.5, null, Duration.ZERO, null, RETRY);

	private final MutableClock clock = MutableClock.start();

	private final ManualDelayer delayer = new ManualDelayer(this.clock);

	private final IssuingRenewer renewer = new IssuingRenewer(this.clock, LIFETIME);

	private final RecordingListener events = new RecordingListener();

	private final TokenLifecycle lifecycle = new TokenLifecycle("api", SPEC, this.renewer, null);

	TokenLifecycleListenerTests() {
		this.lifecycle.setClock(this.clock);
		this.lifecycle.setDelayer(this.delayer);
		this.lifecycle.setListener(this.events);
	}

	@Test
	void tokenWhenColdThenInitialRenewalStartsAndSucceedsWithTheNewTokensTimes() {
		Instant now = this.clock.instant();
		this.lifecycle.token();
		this.lifecycle.token();
		assertThat(this.events.list).containsExactly("started api INITIAL",
				"succeeded api INITIAL issued " + now + " expires " + now.plus(LIFETIME));
	}

	@Test
	void tokenWhenPastRefreshAheadThenAheadRenewalInTheBackground() {
		this.lifecycle.token();
		this.clock.advance(Duration.ofSeconds(50));
		this.lifecycle.token();
		assertThat(this.events.list).last().isEqualTo("started api AHEAD");
		this.delayer.runNext();
		assertThat(this.events.list).last().asString().startsWith("succeeded api AHEAD");
	}

	@Test
	void tokenWhenExpiredThenExpiredRenewal() {
		this.lifecycle.token();
		this.clock.advance(LIFETIME);
		this.lifecycle.token();
		assertThat(this.events.list).element(2).isEqualTo("started api EXPIRED");
	}

	@Test
	void invalidateWhenApiRefusedTheTokenThenReportedAndNextRenewalIsInvalidated() {
		String refused = this.lifecycle.token().getTokenValue();
		this.lifecycle.invalidate(refused);
		this.lifecycle.invalidate(refused);
		this.lifecycle.token();
		assertThat(this.events.list).element(2).isEqualTo("invalid api");
		assertThat(this.events.list).element(3).isEqualTo("invalid api");
		assertThat(this.events.list).element(4).isEqualTo("started api INVALIDATED");
		assertThat(this.renewer.calls()).isEqualTo(2);
	}

	@Test
	void tokenWhenTransientFailuresThenRetriesScheduledThenFailedForGood() {
		this.renewer.failNext(unavailable(), unavailable(), unavailable());
		this.lifecycle.tokenMono().subscribe((token) -> {
		}, (error) -> {
		});
		this.delayer.runNext();
		this.delayer.runNext();
		assertThat(this.events.list).containsExactly("started api INITIAL", "retry api 1 after 200ms server_error",
				"retry api 2 after 400ms server_error", "failed api INITIAL server_error");
	}

	@Test
	void tokenWhenListenerThrowsThenRenewalStillCompletes() {
		this.lifecycle.setListener(new TokenLifecycleListener() {

			@Override
			public void renewalSucceeded(String registrationId, RenewalReason reason, OAuth2AccessToken token) {
				throw new IllegalStateException("listener broke");
			}

		});
		assertThat(this.lifecycle.token().getTokenValue()).isEqualTo("t1");
		assertThat(this.lifecycle.state().status()).isEqualTo(TokenClientState.Status.VALID);
	}

	@Test
	void compositeWhenOneListenerThrowsThenOthersStillHearTheEventAndTheFirstFailureIsThrown() {
		RecordingListener second = new RecordingListener();
		TokenLifecycleListener composite = TokenLifecycleListener.composite(List.of(new TokenLifecycleListener() {

			@Override
			public void invalidTokenReported(String registrationId) {
				throw new IllegalStateException("first broke");
			}

		}, second));
		assertThatIllegalStateException().isThrownBy(() -> composite.invalidTokenReported("api"))
			.withMessage("first broke");
		assertThat(second.list).containsExactly("invalid api");
	}

	@Test
	void compositeWhenNoneOrOneListenerThenNoOpOrThatListener() {
		assertThat(TokenLifecycleListener.composite(List.of())).isSameAs(TokenLifecycleListener.NONE);
		assertThat(TokenLifecycleListener.composite(List.of(this.events))).isSameAs(this.events);
	}

	@Test
	void tokenWhenRefusedThenFailedWithoutRetry() {
		this.renewer.failNext(new TokenEndpointException("api", 401, "invalid_client", "refused", false, null));
		assertThatExceptionOfType(TokenEndpointException.class).isThrownBy(this.lifecycle::token);
		assertThat(this.events.list).containsExactly("started api INITIAL", "failed api INITIAL refused");
	}

	private static TokenEndpointException unavailable() {
		return new TokenEndpointException("api", 503, "server_error", "Token endpoint of client 'api' answered 503",
				true, null);
	}

	private static final class RecordingListener implements TokenLifecycleListener {

		private final List<String> list = new CopyOnWriteArrayList<>();

		@Override
		public void renewalStarted(String registrationId, RenewalReason reason) {
			this.list.add("started " + registrationId + " " + reason);
		}

		@Override
		public void renewalSucceeded(String registrationId, RenewalReason reason, OAuth2AccessToken token) {
			this.list.add("succeeded " + registrationId + " " + reason + " issued " + token.getIssuedAt() + " expires "
					+ token.getExpiresAt());
		}

		@Override
		public void renewalFailed(String registrationId, RenewalReason reason, RuntimeException failure) {
			this.list.add("failed " + registrationId + " " + reason + " " + outcome(failure));
		}

		@Override
		public void retryScheduled(String registrationId, int attempt, Duration delay, RuntimeException failure) {
			this.list.add("retry " + registrationId + " " + attempt + " after " + delay.toMillis() + "ms "
					+ outcome(failure));
		}

		@Override
		public void invalidTokenReported(String registrationId) {
			this.list.add("invalid " + registrationId);
		}

		private static String outcome(RuntimeException failure) {
			return TokenRequestOutcome.of(failure).value();
		}

	}

}
