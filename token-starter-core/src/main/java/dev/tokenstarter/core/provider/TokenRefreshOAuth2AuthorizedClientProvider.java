package dev.tokenstarter.core.provider;

import java.time.Clock;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.endpoint.TokenEndpointClient;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.response.TokenResponse;

/**
 * An {@link OAuth2AuthorizedClientProvider} for token-starter's non-standard refresh: when a client
 * needs a new token and holds an unexpired refresh token, it sends the client's described refresh
 * request. When the refresh token is missing or expired it does nothing, and when the endpoint refuses
 * it, it steps aside, so that a {@link TokenGrantOAuth2AuthorizedClientProvider} placed after it in a
 * delegating provider performs a full login. Transient failures are thrown, for the caller to retry.
 *
 * @author token-starter
 * @see TokenRefreshReactiveOAuth2AuthorizedClientProvider
 */
public final class TokenRefreshOAuth2AuthorizedClientProvider implements OAuth2AuthorizedClientProvider {

	private static final Log logger = LogFactory.getLog(TokenRefreshOAuth2AuthorizedClientProvider.class);

	private final ProviderSupport support;

	private final TokenEndpointClient endpointClient;

	public TokenRefreshOAuth2AuthorizedClientProvider(TokenClientDefinitions definitions,
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
		OAuth2AuthorizedClient previous = context.getAuthorizedClient();
		Map<String, String> variables = this.support.refreshVariables(definition, previous);
		if (variables == null) {
			return null;
		}
		try {
			TokenResponse response = this.endpointClient.exchange(definition, definition.getRefreshEndpoint(),
					variables);
			return ProviderSupport.authorizedClient(context, response, previous);
		}
		catch (TokenEndpointException ex) {
			if (ex.isTransient()) {
				throw ex;
			}
			logger.debug(ex.getMessage() + "; falling back to a new token");
			return null;
		}
	}

	/**
	 * Set the clock that decides whether tokens have expired.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.support.setClock(clock);
	}

}
