package dev.tokenstarter.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.util.Assert;

import dev.tokenstarter.core.attach.TokenExchangeFilterFunction;

/**
 * The WebClient filters of the token clients, one per registration id, each attaching its client's
 * tokens and renewing them once when an API call refuses them. A bean of its own, apart from
 * {@link TokenStarterClients}, because it names WebFlux types and exists only where WebFlux does.
 *
 * @author token-starter
 */
public final class TokenStarterExchangeFilters {

	private final Map<String, TokenExchangeFilterFunction> filters;

	/**
	 * Create the filters of the given clients, which should be built with their reactive side so that
	 * renewals do not block.
	 * @param clients the clients
	 */
	public TokenStarterExchangeFilters(TokenStarterClients clients) {
		Assert.notNull(clients, "clients cannot be null");
		Map<String, TokenExchangeFilterFunction> filters = new LinkedHashMap<>();
		for (String id : clients.ids()) {
			filters.put(id, new TokenExchangeFilterFunction(clients.lifecycle(id), clients.definition(id)));
		}
		this.filters = Collections.unmodifiableMap(filters);
	}

	/**
	 * Return the registration ids of the clients, in configuration order.
	 * @return the ids
	 */
	public Set<String> ids() {
		return this.filters.keySet();
	}

	/**
	 * Return the filter that attaches a client's tokens to the requests of a WebClient.
	 * @param registrationId the client's registration id
	 * @return the filter
	 * @throws IllegalArgumentException when there is no such client
	 */
	public TokenExchangeFilterFunction filter(String registrationId) {
		TokenExchangeFilterFunction filter = this.filters.get(registrationId);
		Assert.isTrue(filter != null,
				() -> "No token client '" + registrationId + "'; token clients are " + this.filters.keySet());
		return filter;
	}

}
