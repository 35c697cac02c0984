package dev.tokenstarter.core.attach;

import java.net.URI;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;

/**
 * Attaches a client's token to every request of a
 * {@link org.springframework.web.reactive.function.client.WebClient}: the reactive twin of
 * {@link TokenClientHttpRequestInterceptor}, with the same single retry after an invalid token.
 *
 * @author token-starter
 */
public final class TokenExchangeFilterFunction implements ExchangeFilterFunction {

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
		return this.lifecycle.tokenMono()
			.flatMap((token) -> next.exchange(withToken(request, token))
				.flatMap((response) -> checked(request, next, token, response)));
	}

	private Mono<ClientResponse> checked(ClientRequest request, ExchangeFunction next, OAuth2AccessToken token,
			ClientResponse response) {
		if (this.attachment.isInvalidStatus(response.statusCode().value())) {
			return response.releaseBody().then(retry(request, next, token));
		}
		if (!this.attachment.needsBody(response.headers().contentType().orElse(null))) {
			return Mono.just(response);
		}
		return response.bodyToMono(byte[].class).defaultIfEmpty(EMPTY).flatMap((body) -> {
			if (this.attachment.isInvalidBody(body)) {
				return retry(request, next, token);
			}
			return Mono.just(response.mutate()
				.body((consumed) -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)))
				.build());
		});
	}

	private Mono<ClientResponse> retry(ClientRequest request, ExchangeFunction next, OAuth2AccessToken refused) {
		return Mono.defer(() -> {
			this.lifecycle.invalidate(refused.getTokenValue());
			return this.lifecycle.tokenMono();
		}).flatMap((token) -> next.exchange(withToken(request, token)));
	}

	private ClientRequest withToken(ClientRequest request, OAuth2AccessToken token) {
		ClientRequest.Builder builder = ClientRequest.from(request);
		builder.headers((headers) -> {
			URI uri = this.attachment.attach(request.url(), headers, token.getTokenValue());
			if (uri != request.url()) {
				builder.url(uri);
			}
		});
		return builder.build();
	}

}
