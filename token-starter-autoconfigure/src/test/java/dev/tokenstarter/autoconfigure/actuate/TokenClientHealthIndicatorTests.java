package dev.tokenstarter.autoconfigure.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.definition.LifecycleSpec.RetrySpec;
import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.lifecycle.Delayer;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;
import dev.tokenstarter.core.response.TokenEndpointException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TokenClientHealthIndicator}.
 *
 * @author token-starter
 */
class TokenClientHealthIndicatorTests {

	private static final Duration LIFETIME = Duration.ofMinutes(10);

	private static final String TOKEN = "at-health-SECRET";

	private static final LifecycleSpec SPEC = new LifecycleSpec(0.5, null, Duration.ZERO, null,
			new RetrySpec(1, Duration.ofMillis(100), Duration.ofSeconds(5), 0));

	private final FixedClock clock = new FixedClock(Instant.parse("2026-03-01T10:00:00Z"));

	private final Deque<Runnable> background = new ArrayDeque<>();

	private final Deque<RuntimeException> failures = new ArrayDeque<>();

	private final TokenLifecycle lifecycle = new TokenLifecycle("api", SPEC, (replaced) -> {
		RuntimeException failure = this.failures.poll();
		return (failure != null) ? CompletableFuture.failedFuture(failure) : CompletableFuture.completedFuture(issue());
	}, null);

	private final TokenClientHealthIndicator indicator = new TokenClientHealthIndicator(this.lifecycle);

	TokenClientHealthIndicatorTests() {
		this.lifecycle.setClock(this.clock);
		this.lifecycle.setDelayer(new QueueingDelayer(this.background));
	}

	@Test
	void healthWhenNoTokenAskedForYetThenUp() {
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("status", "NONE").containsEntry("lastOutcome", "NONE");
	}

	@Test
	void healthWhenTokenValidThenUpWithExpiry() {
		this.lifecycle.token();
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("status", "VALID")
			.containsEntry("expiresAt", "2026-03-01T10:10:00Z")
			.containsEntry("lastRenewalAt", "2026-03-01T10:00:00Z")
			.containsEntry("lastOutcome", "SUCCESS")
			.doesNotContainKey("lastError");
		assertThat(health.toString()).doesNotContain(TOKEN);
	}

	@Test
	void healthWhenTokenExpiredAndNotRenewedYetThenUp() {
		this.lifecycle.token();
		this.clock.advance(LIFETIME);
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("status", "EXPIRED");
	}

	@Test
	void healthWhenNoTokenAndRenewalRefusedThenDownWithTheError() {
		this.failures.add(refused());
		assertThatExceptionOfType(TokenEndpointException.class).isThrownBy(this.lifecycle::token);
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("status", "FAILING")
			.containsEntry("lastOutcome", "FAILURE")
			.containsEntry("lastError", "Token endpoint of client 'api' answered HTTP 401 invalid_client")
			.doesNotContainKey("expiresAt");
	}

	@Test
	void healthWhenAheadRenewalFailsButTokenStillValidThenUpUntilItExpires() {
		this.lifecycle.token();
		this.clock.advance(LIFETIME.dividedBy(2));
		this.failures.add(refused());
		this.lifecycle.token();
		this.background.poll().run();
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("status", "VALID").containsEntry("lastOutcome", "FAILURE");
		this.clock.advance(LIFETIME.dividedBy(2));
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void healthWhenFailingClientRenewsAgainThenUp() {
		this.failures.add(refused());
		assertThatExceptionOfType(TokenEndpointException.class).isThrownBy(this.lifecycle::token);
		this.clock.advance(Duration.ofSeconds(5));
		this.lifecycle.token();
		assertThat(this.indicator.health().getStatus()).isEqualTo(Status.UP);
	}

	private OAuth2AuthorizedClient issue() {
		Instant now = this.clock.instant();
		ClientRegistration registration = ClientRegistration.withRegistrationId("api")
			.authorizationGrantType(TokenGrant.CLIENT_CREDENTIALS.authorizationGrantType())
			.clientId("api")
			.build();
		return new OAuth2AuthorizedClient(registration, "app",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, TOKEN, now, now.plus(LIFETIME)));
	}

	private static TokenEndpointException refused() {
		return new TokenEndpointException("api", 401, "invalid_client",
				"Token endpoint of client 'api' answered HTTP 401 invalid_client", false, null);
	}

	private record QueueingDelayer(Deque<Runnable> tasks) implements Delayer {

		@Override
		public void schedule(Duration delay, Runnable task) {
			this.tasks.add(task);
		}

	}

	private static final class FixedClock extends Clock {

		private volatile Instant instant;

		FixedClock(Instant instant) {
			this.instant = instant;
		}

		void advance(Duration duration) {
			this.instant = this.instant.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.instant;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

	}

}
