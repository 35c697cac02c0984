package dev.tokenstarter.core.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * Passes each event to several listeners in order. A listener that throws does not keep the event from
 * the others; the first exception is thrown once all have heard the event.
 *
 * @author token-starter
 */
final class CompositeTokenLifecycleListener implements TokenLifecycleListener {

	private final List<TokenLifecycleListener> listeners;

	CompositeTokenLifecycleListener(List<TokenLifecycleListener> listeners) {
		this.listeners = listeners;
	}

	@Override
	public void renewalStarted(String registrationId, RenewalReason reason) {
		each((listener) -> listener.renewalStarted(registrationId, reason));
	}

	@Override
	public void renewalSucceeded(String registrationId, RenewalReason reason, OAuth2AccessToken token) {
		each((listener) -> listener.renewalSucceeded(registrationId, reason, token));
	}

	@Override
	public void renewalFailed(String registrationId, RenewalReason reason, RuntimeException failure) {
		each((listener) -> listener.renewalFailed(registrationId, reason, failure));
	}

	@Override
	public void retryScheduled(String registrationId, int attempt, Duration delay, RuntimeException failure) {
		each((listener) -> listener.retryScheduled(registrationId, attempt, delay, failure));
	}

	@Override
	public void invalidTokenReported(String registrationId) {
		each((listener) -> listener.invalidTokenReported(registrationId));
	}

	private void each(Consumer<TokenLifecycleListener> event) {
		RuntimeException first = null;
		for (TokenLifecycleListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (RuntimeException ex) {
				first = (first != null) ? first : ex;
			}
		}
		if (first != null) {
			throw first;
		}
	}

}
