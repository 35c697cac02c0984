package dev.tokenstarter.autoconfigure.callback;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.tokenstarter.core.callback.CallbackOutcome;
import dev.tokenstarter.core.callback.PendingCallbacks;
import dev.tokenstarter.core.endpoint.BoundedBody;

/**
 * Receives token deliveries posted to the callback endpoint of a servlet application and answers with
 * the status of their {@link CallbackOutcome}, without a body. The body of a delivery is read only when
 * a fetch is waiting for it, and no further than the fetch's limit: a larger one is answered with 413 and
 * fails the fetch.
 *
 * @author token-starter
 */
final class WebMvcTokenCallbackHandler implements HandlerFunction<ServerResponse> {

	private final PendingCallbacks callbacks;

	WebMvcTokenCallbackHandler(PendingCallbacks callbacks) {
		Assert.notNull(callbacks, "callbacks cannot be null");
		this.callbacks = callbacks;
	}

	@Override
	public ServerResponse handle(ServerRequest request) throws Exception {
		String registrationId = request.pathVariable(CallbackEndpoints.REGISTRATION_ID);
		String state = request.param(CallbackEndpoints.STATE).orElse(null);
		CallbackOutcome rejection = this.callbacks.rejectionOf(registrationId, state);
		if (rejection != null) {
			return ServerResponse.status(rejection.status()).build();
		}
		MediaType contentType = request.headers().contentType().orElse(null);
		byte[] body;
		try {
			body = BoundedBody.read(request.servletRequest().getInputStream(),
					request.headers().contentLength().orElse(-1), this.callbacks.maxBodySize(registrationId, state));
		}
		catch (DataBufferLimitException ex) {
			return ServerResponse.status(this.callbacks.deliverTooLarge(registrationId, state).status()).build();
		}
		CallbackOutcome outcome = this.callbacks.deliver(registrationId, state, contentType, body);
		return ServerResponse.status(outcome.status()).build();
	}

}
