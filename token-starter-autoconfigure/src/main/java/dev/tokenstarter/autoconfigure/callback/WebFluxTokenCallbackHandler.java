package dev.tokenstarter.autoconfigure.callback;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.tokenstarter.core.callback.CallbackOutcome;
import dev.tokenstarter.core.callback.PendingCallbacks;

/**
 * The reactive twin of {@link WebMvcTokenCallbackHandler}.
 *
 * @author token-starter
 */
final class WebFluxTokenCallbackHandler implements HandlerFunction<ServerResponse> {

	private static final byte[] EMPTY = new byte[0];

	private final PendingCallbacks callbacks;

	WebFluxTokenCallbackHandler(PendingCallbacks callbacks) {
		Assert.notNull(callbacks, "callbacks cannot be null");
		this.callbacks = callbacks;
	}

	@Override
	public Mono<ServerResponse> handle(ServerRequest request) {
		String registrationId = request.pathVariable(CallbackEndpoints.REGISTRATION_ID);
		String state = request.queryParam(CallbackEndpoints.STATE).orElse(null);
		CallbackOutcome rejection = this.callbacks.rejectionOf(registrationId, state);
		if (rejection != null) {
			return ServerResponse.status(rejection.status()).build();
		}
		MediaType contentType = request.headers().contentType().orElse(null);
		return request.bodyToMono(byte[].class)
			.defaultIfEmpty(EMPTY)
			.map((body) -> this.callbacks.deliver(registrationId, state, contentType, body))
			.flatMap((outcome) -> ServerResponse.status(outcome.status()).build());
	}

}
