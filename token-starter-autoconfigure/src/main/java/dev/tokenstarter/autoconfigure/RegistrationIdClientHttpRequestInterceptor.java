package dev.tokenstarter.autoconfigure;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.oauth2.client.web.ClientAttributes;

/**
 * Attaches the tokens of the token client that a request names, through the registration id that
 * Spring Security's {@code ClientRegistrationIdProcessor} puts into the request attributes for a
 * {@code @ClientRegistrationId} HTTP service method or type; a request that names none gets the tokens
 * of the group's default client, if it has one. A request naming an id that is no token client is sent
 * as it is, for another interceptor to handle.
 *
 * @author token-starter
 * @see RegistrationIdExchangeFilterFunction
 */
final class RegistrationIdClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	private final TokenStarterClients clients;

	private final @Nullable String defaultClientId;

	RegistrationIdClientHttpRequestInterceptor(TokenStarterClients clients, @Nullable String defaultClientId) {
		this.clients = clients;
		this.defaultClientId = defaultClientId;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String named = ClientAttributes.resolveClientRegistrationId(request.getAttributes());
		String id = (named != null) ? named : this.defaultClientId;
		if (id == null || !this.clients.ids().contains(id)) {
			return execution.execute(request, body);
		}
		return this.clients.interceptor(id).intercept(request, body, execution);
	}

}
