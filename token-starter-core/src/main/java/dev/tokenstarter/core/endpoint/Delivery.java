package dev.tokenstarter.core.endpoint;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

import dev.tokenstarter.core.callback.PendingCallback;
import dev.tokenstarter.core.callback.PendingCallbacks;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenDelivery;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.request.TokenRequestFactory;
import dev.tokenstarter.core.response.TokenEndpointResponse;
import dev.tokenstarter.core.response.TokenResponse;
import dev.tokenstarter.core.response.TokenResponseMapper;
import dev.tokenstarter.core.response.TokenResponseReader;

/**
 * How one exchange gets its tokens, shared by {@link TokenEndpointClient} and its reactive twin: from the
 * response, or, for an endpoint that delivers them by callback, from a {@link PendingCallback} registered
 * before the request is sent, whose URL and state become request variables, after the response has
 * said that the request was accepted.
 *
 * @author token-starter
 */
final class Delivery {

	private static final Delivery IN_RESPONSE = new Delivery(null);

	private final @Nullable PendingCallback callback;

	private Delivery(@Nullable PendingCallback callback) {
		this.callback = callback;
	}

	/**
	 * Start an exchange with an endpoint, registering its pending callback if it delivers by callback,
	 * whose delivery may carry at most the given number of bytes.
	 */
	static Delivery start(@Nullable PendingCallbacks callbacks, TokenClientDefinition definition,
			TokenEndpointSpec endpoint, int maxBodySize) {
		if (endpoint.delivery() != TokenDelivery.CALLBACK) {
			return IN_RESPONSE;
		}
		Assert.state(callbacks != null, () -> "Token endpoint of client '" + definition.getRegistrationId()
				+ "' delivers its tokens by callback, but its endpoint client has no PendingCallbacks");
		return new Delivery(
				callbacks.register(definition.getRegistrationId(), endpoint, DataSize.ofBytes(maxBodySize)));
	}

	/**
	 * Return the request variables, with the callback's URL and state when there is one.
	 */
	Map<String, String> variables(Map<String, String> variables) {
		if (this.callback == null) {
			return variables;
		}
		Map<String, String> all = new HashMap<>(variables);
		all.put(TokenRequestFactory.CALLBACK_URI, this.callback.getUri().toString());
		all.put(TokenRequestFactory.CALLBACK_STATE, this.callback.getState());
		return all;
	}

	/**
	 * Read the endpoint's response: its tokens, read by the client's reader when it has one and that
	 * reads it, or as its response description says; or, when they come by callback, {@code null} once
	 * the response says that the request was accepted.
	 */
	@Nullable TokenResponse read(TokenResponseMapper mapper, @Nullable TokenResponseReader reader,
			String registrationId, TokenEndpointSpec endpoint, int statusCode, HttpHeaders headers, byte[] body,
			Instant receivedAt) {
		if (this.callback == null) {
			TokenResponse read = (reader != null)
					? reader.read(new TokenEndpointResponse(registrationId, statusCode, headers, body, receivedAt))
					: null;
			return (read != null) ? read
					: mapper.map(registrationId, endpoint.response(), statusCode, headers, body, receivedAt);
		}
		mapper.checkAcknowledgement(registrationId, endpoint.response(), statusCode, headers, body);
		return null;
	}

	/**
	 * Wait for the delivery, blocking.
	 */
	TokenResponse await() {
		return callback().await();
	}

	/**
	 * Return the future of the delivery.
	 */
	CompletableFuture<TokenResponse> future() {
		return callback().getFuture();
	}

	/**
	 * Stop waiting for a delivery, after a failure or a cancellation.
	 */
	void abandon() {
		if (this.callback != null) {
			this.callback.abandon();
		}
	}

	private PendingCallback callback() {
		Assert.state(this.callback != null, "No token delivery by callback is expected");
		return this.callback;
	}

}
