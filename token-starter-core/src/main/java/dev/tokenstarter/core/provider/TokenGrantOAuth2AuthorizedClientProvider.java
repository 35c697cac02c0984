package dev.tokenstarter.core.provider;

import java.time.Clock;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.endpoint.TokenEndpointClient;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.response.TokenResponse;

/**
 * An {@link OAuth2AuthorizedClientProvider} for token-starter's grants (login, client credentials in
 * any encoding, code exchange): when the client has no token, its token has expired, or is to be
 * replaced, it sends the client's described token request and maps the response. One class serves the
 * three grants because they differ only in their description, not in what the provider does.
 *
 * @author token-starter
 * @see TokenGrantReactiveOAuth2AuthorizedClientProvider
 */
public final class TokenGrantOAuth2AuthorizedClientProvider implements OAuth2AuthorizedClientProvider {

	private final ProviderSupport support;

	private final TokenEndpointClient endpointClient;

	private IssuanceBudget issuanceBudget = IssuanceBudget.UNLIMITED;

	public TokenGrantOAuth2AuthorizedClientProvider(TokenClientDefinitions definitions,
			TokenEndpointClient endpointClient) {
		Assert.notNull(endpointClient, "endpointClient cannot be null");
		this.support = new ProviderSupport(definitions);
		this.endpointClient = endpointClient;
	}

	@Override
	public @Nullable OAuth2AuthorizedClient authorize(OAuth2AuthorizationContext context) {
		Assert.notNull(context, "context cannot be null");
		TokenClientDefinition definition = this.support.definitionNeedingToken(context);
		if (definition == null) {
			return null;
		}
		this.issuanceBudget.acquire(definition.getRegistrationId());
		TokenResponse response = this.endpointClient.exchange(definition, definition.getTokenEndpoint(), Map.of());
		return ProviderSupport.authorizedClient(context, response, null);
	}

	/**
	 * Set the budget that every token request is taken from.
	 * @param issuanceBudget the budget
	 */
	public void setIssuanceBudget(IssuanceBudget issuanceBudget) {
		Assert.notNull(issuanceBudget, "issuanceBudget cannot be null");
		this.issuanceBudget = issuanceBudget;
	}

	/**
	 * Set the clock that decides whether a token has expired.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.support.setClock(clock);
	}

}
