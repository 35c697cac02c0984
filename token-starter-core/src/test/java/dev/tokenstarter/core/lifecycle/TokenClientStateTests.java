package dev.tokenstarter.core.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.definition.LifecycleSpec.RetrySpec;
import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.lifecycle.TokenClientState.Outcome;
import dev.tokenstarter.core.lifecycle.TokenClientState.Status;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.test.IssuingRenewer;
import dev.tokenstarter.core.test.ManualDelayer;
import dev.tokenstarter.core.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TokenClientState}, as {@link TokenLifecycle#state()} reports it through a client's
 * life.
 *
 * @author token-starter
 */
class TokenClientStateTests {

	private static final Duration LIFETIME = Duration.ofSeconds(100);

	private static final RetrySpec RETRY = new RetrySpec(2, Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);

	private static final LifecycleSpec SPEC = new LifecycleSpec(0.5, null, Duration.ZERO, null, RETRY);

	private final MutableClock clock = MutableClock.start();

	private final ManualDelayer delayer = new ManualDelayer(this.clock);

	private final IssuingRenewer renewer = new IssuingRenewer(this.clock, LIFETIME);

	private final TokenLifecycle lifecycle = new TokenLifecycle("api", SPEC, this.renewer, null);

	TokenClientStateTests() {
		this.lifecycle.setClock(this.clock);
		this.lifecycle.setDelayer(this.delayer);
	}

	@Test
	void stateWhenNoTokenAskedForThenNoneWithoutTimes() {
		TokenClientState state = this.lifecycle.state();
		assertThat(state)
			.isEqualTo(new TokenClientState(Status.NONE, null, null, null, null, Outcome.NONE, null, 0, 0));
		assertThat(state.isFailing()).isFalse();
	}

	@Test
	void stateWhenFirstRenewalInFlightThenRenewing() {
		CompletableFuture<OAuth2AuthorizedClient> pending = this.renewer.deferNext();
		this.lifecycle.tokenMono().subscribe();
		assertThat(this.lifecycle.state().status()).isEqualTo(Status.RENEWING);
		pending.complete(this.renewer.issue());
		assertThat(this.lifecycle.state().status()).isEqualTo(Status.VALID);
	}

	@Test
	void stateWhenTokenHeldThenValidWithItsTimesAndTheRenewal() {
		Instant start = this.clock.instant();
		this.lifecycle.token();
		TokenClientState state = this.lifecycle.state();
		assertThat(state.status()).isEqualTo(Status.VALID);
		assertThat(state.issuedAt()).isEqualTo(start);
		assertThat(state.expiresAt()).isEqualTo(start.plus(LIFETIME));
		assertThat(state.refreshExpiresAt()).isNull();
		assertThat(state.lastRenewalAt()).isEqualTo(start);
		assertThat(state.lastOutcome()).isEqualTo(Outcome.SUCCESS);
		assertThat(state.lastError()).isNull();
		assertThat(state.renewals()).isEqualTo(1);
		assertThat(state.failures()).isZero();
	}

	@Test
	void stateWhenTokenPastExpiryThenExpiredUntilRenewed() {
		this.lifecycle.token();
		this.clock.advance(LIFETIME);
		assertThat(this.lifecycle.state().status()).isEqualTo(Status.EXPIRED);
		assertThat(this.lifecycle.state().isFailing()).isFalse();
		this.lifecycle.token();
		assertThat(this.lifecycle.state().status()).isEqualTo(Status.VALID);
		assertThat(this.lifecycle.state().renewals()).isEqualTo(2);
	}

	@Test
	void stateWhenTokenReportedInvalidThenExpired() {
		String refused = this.lifecycle.token().getTokenValue();
		this.lifecycle.invalidate(refused);
		assertThat(this.lifecycle.state().status()).isEqualTo(Status.EXPIRED);
	}

	@Test
	void stateWhenRenewalRefusedWithoutTokenThenFailingWithTheMessageOnly() {
		this.renewer.failNext(refused());
		assertThatExceptionOfType(TokenEndpointException.class).isThrownBy(this.lifecycle::token);
		TokenClientState state = this.lifecycle.state();
		assertThat(state.status()).isEqualTo(Status.FAILING);
		assertThat(state.isFailing()).isTrue();
		assertThat(state.lastOutcome()).isEqualTo(Outcome.FAILURE);
		assertThat(state.lastError()).isEqualTo("Token endpoint of client 'api' answered 401 invalid_client");
		assertThat(state.lastRenewalAt()).isEqualTo(this.clock.instant());
		assertThat(state.failures()).isEqualTo(1);
		assertThat(state.renewals()).isZero();
	}

	@Test
	void stateWhenAheadRenewalFailsWhileTokenStillValidThenValidButLastOutcomeFailure() {
		this.lifecycle.token();
		this.clock.advance(Duration.ofSeconds(50));
		this.renewer.failNext(refused());
		this.lifecycle.token();
		this.delayer.runNext();
		TokenClientState state = this.lifecycle.state();
		assertThat(state.status()).isEqualTo(Status.VALID);
		assertThat(state.lastOutcome()).isEqualTo(Outcome.FAILURE);
		assertThat(state.isFailing()).isFalse();
		this.clock.advance(Duration.ofSeconds(50));
		assertThat(this.lifecycle.state().status()).isEqualTo(Status.FAILING);
		assertThat(this.lifecycle.state().isFailing()).isTrue();
	}

	@Test
	void stateWhenFailingClientRenewsAgainThenValidAndErrorCleared() {
		this.renewer.failNext(refused());
		assertThatExceptionOfType(TokenEndpointException.class).isThrownBy(this.lifecycle::token);
		this.clock.advance(RETRY.maxBackoff());
		this.lifecycle.token();
		TokenClientState state = this.lifecycle.state();
		assertThat(state.status()).isEqualTo(Status.VALID);
		assertThat(state.lastOutcome()).isEqualTo(Outcome.SUCCESS);
		assertThat(state.lastError()).isNull();
		assertThat(state.renewals()).isEqualTo(1);
		assertThat(state.failures()).isEqualTo(1);
	}

	@Test
	void stateWhenRefreshTokenHeldThenTellsItsExpiry() {
		Instant now = this.clock.instant();
		ClientRegistration registration = ClientRegistration.withRegistrationId("api")
			.authorizationGrantType(TokenGrant.LOGIN.authorizationGrantType())
			.clientId("api")
			.build();
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(registration, "app",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "at", now, now.plus(LIFETIME)),
				new OAuth2RefreshToken("rt", now, now.plus(Duration.ofDays(30))));
		TokenLifecycle lifecycle = new TokenLifecycle("api", SPEC,
				(replaced) -> CompletableFuture.completedFuture(client), null);
		lifecycle.setClock(this.clock);
		lifecycle.token();
		assertThat(lifecycle.state().refreshExpiresAt()).isEqualTo(now.plus(Duration.ofDays(30)));
	}

	@Test
	void toStringWhenTokenHeldThenCarriesNoTokenValue() {
		this.lifecycle.token();
		assertThat(this.lifecycle.state().toString()).doesNotContain("t1").contains("VALID");
	}

	@Test
	void cacheHitsWhenCachedTokenServedThenCountedButRenewalsAreNot() {
		this.lifecycle.token();
		assertThat(this.lifecycle.cacheHits()).isZero();
		this.lifecycle.token();
		this.lifecycle.tokenMono().block(Duration.ofSeconds(10));
		this.clock.advance(Duration.ofSeconds(50));
		this.lifecycle.token();
		assertThat(this.lifecycle.cacheHits()).isEqualTo(3);
	}

	private static TokenEndpointException refused() {
		return new TokenEndpointException("api", 401, "invalid_client",
				"Token endpoint of client 'api' answered 401 invalid_client", false, null);
	}

}
