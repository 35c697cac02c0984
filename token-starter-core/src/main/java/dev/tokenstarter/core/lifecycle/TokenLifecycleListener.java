package dev.tokenstarter.core.lifecycle;

import java.time.Duration;
import java.util.List;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.Assert;

/**
 * Hears what a {@link TokenLifecycle} does, for metrics and monitoring: renewals starting, succeeding,
 * failing and being retried, and API calls reporting a token as invalid. Events are fired in the thread
 * that does the work, so implementations must be fast, thread-safe and must not throw; a listener that
 * throws is logged by the type of its exception and otherwise ignored. Obtaining a cached token fires
 * nothing: {@link TokenLifecycle#cacheHits()} counts those.
 * <p>
 * Implementations must never log or keep the token they are given beyond reading its times.
 *
 * @author token-starter
 */
public interface TokenLifecycleListener {

	/**
	 * A listener that does nothing.
	 */
	TokenLifecycleListener NONE = new TokenLifecycleListener() {
	};

	/**
	 * A renewal started: a token request (or several, when retried) is about to be sent.
	 * @param registrationId the client
	 * @param reason why the token is renewed
	 */
	default void renewalStarted(String registrationId, RenewalReason reason) {
	}

	/**
	 * A renewal got a new token.
	 * @param registrationId the client
	 * @param reason why the token was renewed
	 * @param token the new token, for its issue and expiry times only: never log it
	 */
	default void renewalSucceeded(String registrationId, RenewalReason reason, OAuth2AccessToken token) {
	}

	/**
	 * A renewal failed for good, after any retries.
	 * @param registrationId the client
	 * @param reason why the token was being renewed
	 * @param failure the failure, whose message names no secret
	 */
	default void renewalFailed(String registrationId, RenewalReason reason, RuntimeException failure) {
	}

	/**
	 * An attempt of a renewal failed transiently and another is scheduled.
	 * @param registrationId the client
	 * @param attempt the number of the attempt that failed, from 1
	 * @param delay how long until the next attempt
	 * @param failure the failure of the attempt
	 */
	default void retryScheduled(String registrationId, int attempt, Duration delay, RuntimeException failure) {
	}

	/**
	 * An API call reported the client's token as invalid; the call is retried once with a renewed token.
	 * @param registrationId the client
	 */
	default void invalidTokenReported(String registrationId) {
	}

	/**
	 * Return a listener that passes every event to the given listeners, in order.
	 * @param listeners the listeners
	 * @return the composite listener, or the only listener when there is one
	 */
	static TokenLifecycleListener composite(List<? extends TokenLifecycleListener> listeners) {
		Assert.noNullElements(listeners, "listeners cannot contain null");
		if (listeners.isEmpty()) {
			return NONE;
		}
		if (listeners.size() == 1) {
			return listeners.get(0);
		}
		return new CompositeTokenLifecycleListener(List.copyOf(listeners));
	}

	/**
	 * Why a token is renewed.
	 */
	enum RenewalReason {

		/**
		 * The client had no token yet.
		 */
		INITIAL,

		/**
		 * The token expired, or is about to within the clock skew, and callers wait for the new one.
		 */
		EXPIRED,

		/**
		 * The token has used its share of its lifetime; it is renewed in the background while callers
		 * keep using it.
		 */
		AHEAD,

		/**
		 * An API call reported the token as invalid.
		 */
		INVALIDATED

	}

}
