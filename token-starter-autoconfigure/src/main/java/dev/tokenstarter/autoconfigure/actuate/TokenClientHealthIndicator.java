package dev.tokenstarter.autoconfigure.actuate;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;

import dev.tokenstarter.core.lifecycle.TokenClientState;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;

/**
 * The health of one token client. It is DOWN when the client has no valid token and its last renewal
 * failed, so that calls through it fail until a renewal succeeds. It is UP otherwise, including for a
 * client whose token nobody asked for yet: such a client gets one on first use, so it is not down, and
 * reporting UNKNOWN would only make monitoring warn about an idle client. The details tell the status,
 * expiry and last error; never a token or a secret.
 *
 * @author token-starter
 */
public final class TokenClientHealthIndicator implements HealthIndicator {

	private final TokenLifecycle lifecycle;

	/**
	 * Create an indicator.
	 * @param lifecycle the client's lifecycle
	 */
	public TokenClientHealthIndicator(TokenLifecycle lifecycle) {
		Assert.notNull(lifecycle, "lifecycle cannot be null");
		this.lifecycle = lifecycle;
	}

	@Override
	public Health health() {
		TokenClientState state = this.lifecycle.state();
		Health.Builder health = state.isFailing() ? Health.down() : Health.up();
		health.withDetail("status", state.status().name());
		detail(health, "expiresAt", state.expiresAt());
		detail(health, "lastRenewalAt", state.lastRenewalAt());
		health.withDetail("lastOutcome", state.lastOutcome().name());
		if (state.lastError() != null) {
			health.withDetail("lastError", state.lastError());
		}
		return health.build();
	}

	private static void detail(Health.Builder health, String name, @Nullable Instant instant) {
		if (instant != null) {
			health.withDetail(name, instant.toString());
		}
	}

}
