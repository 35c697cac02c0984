package dev.tokenstarter.core.lifecycle;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A read-only snapshot of one client's token lifecycle, for monitoring: what it holds, when that
 * expires, and how its last renewal went. It carries no token and no secret: the last error is the
 * failure's message, which token-starter keeps free of secrets.
 *
 * @param status what the client can do now
 * @param issuedAt when the held token was issued, or {@code null} when none is held or it is unknown
 * @param expiresAt when the held token expires, or {@code null} when none is held or it does not say
 * @param refreshExpiresAt when the held refresh token expires, or {@code null} when there is none or it
 * does not say
 * @param lastRenewalAt when the last renewal completed, or {@code null} before the first
 * @param lastOutcome how the last renewal completed
 * @param lastError the message of the last renewal's failure, or {@code null} unless it failed
 * @param renewals how many renewals got a token
 * @param failures how many renewals failed, after their retries
 * @author token-starter
 */
public record TokenClientState(Status status, @Nullable Instant issuedAt, @Nullable Instant expiresAt,
		@Nullable Instant refreshExpiresAt, @Nullable Instant lastRenewalAt, Outcome lastOutcome,
		@Nullable String lastError, long renewals, long failures) {

	/**
	 * Return whether the client has no usable token and its last renewal failed, so that callers fail
	 * until a renewal succeeds.
	 * @return whether the client is failing
	 */
	public boolean isFailing() {
		return this.status != Status.VALID && this.lastOutcome == Outcome.FAILURE;
	}

	/**
	 * What a client can do now, checked in this order.
	 */
	public enum Status {

		/**
		 * The client holds a token it may use now (a background renewal may be under way).
		 */
		VALID,

		/**
		 * The client has no usable token and a renewal is under way that callers wait for.
		 */
		RENEWING,

		/**
		 * The client has no usable token and its last renewal failed; callers fail fast until the
		 * back-off has passed, then try again.
		 */
		FAILING,

		/**
		 * The client's token expired or was reported as invalid; the next caller renews it.
		 */
		EXPIRED,

		/**
		 * No token was asked for yet.
		 */
		NONE

	}

	/**
	 * How a renewal completed.
	 */
	public enum Outcome {

		/**
		 * It got a token.
		 */
		SUCCESS,

		/**
		 * It failed, after its retries.
		 */
		FAILURE,

		/**
		 * No renewal completed yet.
		 */
		NONE

	}

}
