package dev.tokenstarter.autoconfigure.callback;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

import dev.tokenstarter.autoconfigure.TokenClientDefinitionMapper;
import dev.tokenstarter.autoconfigure.TokenStarterProperties;
import dev.tokenstarter.core.callback.PendingCallbacks;

/**
 * What the servlet and reactive callback auto-configurations share: the pending callbacks and the
 * path of the endpoint.
 *
 * @author token-starter
 */
final class CallbackEndpoints {

	/**
	 * Name of the path variable holding the registration id of the client.
	 */
	static final String REGISTRATION_ID = "registrationId";

	/**
	 * Name of the query parameter holding the one-time state.
	 */
	static final String STATE = "state";

	private CallbackEndpoints() {
	}

	static PendingCallbacks pendingCallbacks(TokenStarterProperties properties, ObjectProvider<Clock> clock) {
		String callbackUri = new TokenClientDefinitionMapper().callbackUri(properties);
		Assert.state(callbackUri != null, "No token client receives its tokens by callback");
		PendingCallbacks callbacks = new PendingCallbacks(callbackUri);
		callbacks.setClock(clock.getIfUnique(Clock::systemUTC));
		return callbacks;
	}

	/**
	 * Return the route pattern of the endpoint, such as
	 * {@code /token-starter/callback/{registrationId}}.
	 */
	static String pattern(TokenStarterProperties properties) {
		return StringUtils.trimTrailingCharacter(properties.getCallback().getPath().trim(), '/') + "/{"
				+ REGISTRATION_ID + "}";
	}

}
