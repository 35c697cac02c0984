package dev.tokenstarter.core.attach;

import java.net.URI;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

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
		if (this.attachment.isInvalidStatus(response.statusCode().value())) {
			BodyInserter<?, ? super ClientHttpRequest> replay = replay(request, body);
			if (replay == null) {
				return refusedWithoutRetry(token, response);
			}
			return response.releaseBody().then(retry(request, replay, next, token));
		}
		if (!this.attachment.needsBody(response.headers().contentType().orElse(null))) {
			return Mono.just(response);
		}
		return response.bodyToMono(byte[].class).defaultIfEmpty(EMPTY).flatMap((content) -> {
			if (this.attachment.isInvalidBody(content)) {
				BodyInserter<?, ? super ClientHttpRequest> replay = replay(request, body);
				if (replay != null) {
					return retry(request, replay, next, token);
				}
				this.lifecycle.invalidate(token.getTokenValue());
			}
			return Mono.just(response.mutate()
				.body((consumed) -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(content)))
				.build());
		});
	}

	/**
	 * Return what sends the request's body again, or {@code null} when it cannot be sent again as it was.
	 */
	private static @Nullable BodyInserter<?, ? super ClientHttpRequest> replay(ClientRequest request,
			@Nullable ReplayableBody body) {
		return (body != null) ? body.replay() : request.body();
	}

	/**
	 * Drop the refused token for the next call, but return the refusal: sending the request again would
	 * send a different body than the caller gave.
	 */
	private Mono<ClientResponse> refusedWithoutRetry(OAuth2AccessToken token, ClientResponse response) {
		logger.debug("Token of client '" + this.attachment.registrationId() + "' was refused; the request body "
				+ "cannot be sent again (larger than " + MAX_REPLAYED_BODY_SIZE + " bytes or not read to its end), "
				+ "so the refusal is returned");
		this.lifecycle.invalidate(token.getTokenValue());
		return Mono.just(response);
	}

	private Mono<ClientResponse> retry(ClientRequest request, BodyInserter<?, ? super ClientHttpRequest> body,
			ExchangeFunction next, OAuth2AccessToken refused) {
		return Mono.defer(() -> {
			this.lifecycle.invalidate(refused.getTokenValue());
			return this.lifecycle.tokenMono();
		}).flatMap((token) -> next.exchange(withToken(request, token, body)));
	}

	private ClientRequest withToken(ClientRequest request, OAuth2AccessToken token,
			BodyInserter<?, ? super ClientHttpRequest> body) {
		ClientRequest.Builder builder = ClientRequest.from(request);
		if (body != request.body()) {
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
