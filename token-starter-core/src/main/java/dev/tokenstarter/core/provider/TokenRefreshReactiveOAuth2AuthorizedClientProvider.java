package dev.tokenstarter.core.provider;

import java.time.Clock;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProvider;
import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.endpoint.ReactiveTokenEndpointClient;
import dev.tokenstarter.core.response.TokenEndpointException;

/**
 * The reactive twin of {@link TokenRefreshOAuth2AuthorizedClientProvider}.
 *
 * @author token-starter
 */
public final class TokenRefreshReactiveOAuth2AuthorizedClientProvider
		implements ReactiveOAuth2AuthorizedClientProvider {

	private static final Log logger = LogFactory.getLog(TokenRefreshReactiveOAuth2AuthorizedClientProvider.class);

	private final ProviderSupport support;

	private final ReactiveTokenEndpointClient endpointClient;

	public TokenRefreshReactiveOAuth2AuthorizedClientProvider(TokenClientDefinitions definitions,
			ReactiveTokenEndpointClient endpointClient) {
		Assert.notNull(endpointClient, "endpointClient cannot be null");
		this.support = new ProviderSupport(definitions);
		this.endpointClient = endpointClient;
	}

	@Override
	public Mono<OAuth2AuthorizedClient> authorize(OAuth2AuthorizationContext context) {
		Assert.notNull(context, "context cannot be null");
		TokenClientDefinition definition = this.support.definitionNeedingToken(context);
		if (definition == null) {
			return Mono.empty();
		}
		OAuth2AuthorizedClient previous = context.getAuthorizedClient();
		Map<String, String> variables = this.support.refreshVariables(definition, previous);
		if (variables == null) {
			return Mono.empty();
		}
		return this.endpointClient.exchange(definition, definition.getRefreshEndpoint(), variables)
			.map((response) -> ProviderSupport.authorizedClient(context, response, previous))
			.onErrorResume(TokenEndpointException.class, (ex) -> {
				if (ex.isTransient()) {
					return Mono.error(ex);
				}
				logger.debug(ex.getMessage() + "; falling back to a new token");
				return Mono.empty();
			});
	}

	/**
	 * Set the clock that decides whether tokens have expired.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.support.setClock(clock);
	}

}
