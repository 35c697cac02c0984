package dev.tokenstarter.core.attach;

import java.net.URI;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;

/**
 * Attaches a client's token to every request of a
 * {@link org.springframework.web.reactive.function.client.WebClient}: the reactive twin of
 * {@link TokenClientHttpRequestInterceptor}, with the same single retry after an invalid token. A request
 * body is sent again as it was: up to {@value #MAX_REPLAYED_BODY_SIZE} bytes are kept while it is sent;
 * a larger body, or one that was not sent to its end, is not sent again and the refusal is returned.
 *
 * @author token-starter
 */
public final class TokenExchangeFilterFunction implements ExchangeFilterFunction {

	private static final Log logger = LogFactory.getLog(TokenExchangeFilterFunction.class);

	/**
	 * Largest request body, in bytes, kept so that it can be sent again after the token was refused.
	 */
	public static final int MAX_REPLAYED_BODY_SIZE = 256 * 1024;

	private static final byte[] EMPTY = new byte[0];

	private final TokenLifecycle lifecycle;

	private final TokenAttachment attachment;

	public TokenExchangeFilterFunction(TokenLifecycle lifecycle, TokenClientDefinition definition) {
		this(lifecycle, definition, JsonMapper.shared());
	}

	public TokenExchangeFilterFunction(TokenLifecycle lifecycle, TokenClientDefinition definition,
			JsonMapper jsonMapper) {
		Assert.notNull(lifecycle, "lifecycle cannot be null");
		Assert.notNull(definition, "definition cannot be null");
		this.lifecycle = lifecycle;
		this.attachment = new TokenAttachment(definition, jsonMapper);
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return this.lifecycle.tokenMono().flatMap((token) -> {
			ReplayableBody body = this.attachment.mayRetry() ? ReplayableBody.of(request.body(), MAX_REPLAYED_BODY_SIZE)
					: null;
			return next.exchange(withToken(request, token, (body != null) ? body : request.body()))
				.flatMap((response) -> checked(request, body, next, token, response));
		});
	}

	private Mono<ClientResponse> checked(ClientRequest request, @Nullable ReplayableBody body, ExchangeFunction next,
			OAuth2AccessToken token, ClientResponse response) {
		int status = response.statusCode().value();
		if (this.attachment.isInvalidStatus(status)) {
			BodyInserter<?, ? super ClientHttpRequest> replay = replay(request, body);
			if (!refused(token, TokenAttachment.statusRefusal(status), replay)) {
				return Mono.just(response);
			}
			return response.releaseBody().then(retry(request, replay, next, status));
		}
		if (!this.attachment.needsBody(response.headers().asHttpHeaders())) {
			return Mono.just(response);
		}
		return withCheckedBody(response, (content) -> {
			if (this.attachment.isInvalidBody(content)) {
				BodyInserter<?, ? super ClientHttpRequest> replay = replay(request, body);
				if (refused(token, TokenAttachment.BODY_REFUSAL, replay)) {
					return retry(request, replay, next, 0);
				}
			}
			return Mono.just(withBody(response, content));
		});
	}

	/**
	 * Tell the lifecycle the token was refused, and return whether to send the request again. A body that
	 * cannot be sent again as it was is not: the refusal goes back to the caller, and the token is dropped
	 * for the next call.
	 */
	private boolean refused(OAuth2AccessToken token, String refusal,
			@Nullable BodyInserter<?, ? super ClientHttpRequest> replay) {
		boolean renew = this.lifecycle.refused(token.getTokenValue(), refusal);
		if (renew && replay == null) {
			logger.debug("Token of client '" + this.attachment.registrationId() + "' was refused; the request "
					+ "body cannot be sent again (larger than " + MAX_REPLAYED_BODY_SIZE + " bytes or not read to "
					+ "its end), so the refusal is returned");
			return false;
		}
		return renew;
	}

	/**
	 * Return what sends the request's body again, or {@code null} when it cannot be sent again as it was.
	 */
	private static @Nullable BodyInserter<?, ? super ClientHttpRequest> replay(ClientRequest request,
			@Nullable ReplayableBody body) {
		return (body != null) ? body.replay() : request.body();
	}

	/**
	 * Send the request again with a renewed token, and return the response as it is; when it refuses the
	 * renewed token the same way, tell the lifecycle, which then keeps the token.
	 * @param refusedStatus the status that refused the token, or 0 for a body rule
	 */
	private Mono<ClientResponse> retry(ClientRequest request, @Nullable BodyInserter<?, ? super ClientHttpRequest> body,
			ExchangeFunction next, int refusedStatus) {
		return this.lifecycle.tokenMono()
			.flatMap((token) -> next.exchange(withToken(request, token, body))
				.flatMap((response) -> rechecked(token, refusedStatus, response)));
	}

	private Mono<ClientResponse> rechecked(OAuth2AccessToken token, int refusedStatus, ClientResponse response) {
		if (refusedStatus != 0) {
			if (response.statusCode().value() == refusedStatus) {
				this.lifecycle.refusedAgain(token.getTokenValue(), TokenAttachment.statusRefusal(refusedStatus));
			}
			return Mono.just(response);
		}
		if (!this.attachment.needsBody(response.headers().asHttpHeaders())) {
			return Mono.just(response);
		}
		return withCheckedBody(response, (content) -> {
			if (this.attachment.isInvalidBody(content)) {
				this.lifecycle.refusedAgain(token.getTokenValue(), TokenAttachment.BODY_REFUSAL);
			}
			return Mono.just(withBody(response, content));
		});
	}

	/**
	 * Read a body no further than {@link TokenAttachment#MAX_CHECKED_BODY_SIZE} and check it; a larger
	 * body is passed on unchecked, as it comes, its first bytes first.
	 */
	private static Mono<ClientResponse> withCheckedBody(ClientResponse response,
			Function<byte[], Mono<ClientResponse>> check) {
		PrefixCut cut = new PrefixCut();
		return response.bodyToFlux(DataBuffer.class).bufferUntil(cut).switchOnFirst((first, all) -> {
			Flux<DataBuffer> buffers = all.concatMapIterable(Function.identity());
			if (cut.exceeded) {
				return Mono.just(response.mutate().body((consumed) -> buffers).build());
			}
			return DataBufferUtils.join(buffers).map((joined) -> {
				byte[] content = new byte[joined.readableByteCount()];
				joined.read(content);
				DataBufferUtils.release(joined);
				return content;
			}).defaultIfEmpty(EMPTY).flatMap(check);
		}, false).singleOrEmpty();
	}

	private static ClientResponse withBody(ClientResponse response, byte[] content) {
		return response.mutate()
			.body((consumed) -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(content)))
			.build();
	}

	/**
	 * Closes the first group of a body's buffers once it holds more than the bytes checked; each later
	 * buffer goes alone.
	 */
	private static final class PrefixCut implements Predicate<DataBuffer> {

		private long size;

		private volatile boolean exceeded;

		@Override
		public boolean test(DataBuffer buffer) {
			if (!this.exceeded) {
				this.size += buffer.readableByteCount();
				this.exceeded = this.size > TokenAttachment.MAX_CHECKED_BODY_SIZE;
				return this.exceeded;
			}
			return true;
		}

	}

	private ClientRequest withToken(ClientRequest request, OAuth2AccessToken token,
			@Nullable BodyInserter<?, ? super ClientHttpRequest> body) {
		ClientRequest.Builder builder = ClientRequest.from(request);
		if (body != null && body != request.body()) {
			builder.body(body);
		}
		builder.headers((headers) -> {
			URI uri = this.attachment.attach(request.url(), headers, token.getTokenValue());
			if (uri != request.url()) {
				builder.url(uri);
			}
		});
		return builder.build();
	}

}
