package dev.tokenstarter.autoconfigure;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.web.ClientAttributes;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * The WebClient twin of {@link RegistrationIdClientHttpRequestInterceptor}: attaches the tokens of the
 * token client named by the request's registration id attribute, or else of the group's default client.
 *
 * @author token-starter
 */
final class RegistrationIdExchangeFilterFunction implements ExchangeFilterFunction {

	private final TokenStarterExchangeFilters filters;

	private final @Nullable String defaultClientId;

	RegistrationIdExchangeFilterFunction(TokenStarterExchangeFilters filters, @Nullable String defaultClientId) {
		this.filters = filters;
		this.defaultClientId = defaultClientId;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		String named = ClientAttributes.resolveClientRegistrationId(request.attributes());
		String id = (named != null) ? named : this.defaultClientId;
		if (id == null || !this.filters.ids().contains(id)) {
			return next.exchange(request);
		}
		return this.filters.filter(id).filter(request, next);
	}

}
