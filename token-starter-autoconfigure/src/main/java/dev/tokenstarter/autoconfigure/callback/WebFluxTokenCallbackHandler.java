package dev.tokenstarter.autoconfigure.callback;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.tokenstarter.core.callback.CallbackOutcome;
import dev.tokenstarter.core.callback.PendingCallbacks;
import dev.tokenstarter.core.endpoint.ReactiveBoundedBody;

/**
 * The reactive twin of {@link WebMvcTokenCallbackHandler}, which reads a delivery's body no further than
 * the limit of the fetch waiting for it.
 *
 * @author token-starter
 */
final class WebFluxTokenCallbackHandler implements HandlerFunction<ServerResponse> {

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
		int limit = this.callbacks.maxBodySize(registrationId, state);
		return ReactiveBoundedBody
			.read(request.body(BodyExtractors.toDataBuffers()), request.headers().contentLength().orElse(-1), limit)
			.map((body) -> this.callbacks.deliver(registrationId, state, contentType, body))
			.onErrorResume(DataBufferLimitException.class,
					(ex) -> Mono.fromSupplier(() -> this.callbacks.deliverTooLarge(registrationId, state)))
			.flatMap((outcome) -> ServerResponse.status(outcome.status()).build());
	}

}
