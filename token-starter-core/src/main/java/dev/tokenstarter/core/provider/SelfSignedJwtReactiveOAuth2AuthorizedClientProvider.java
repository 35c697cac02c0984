package dev.tokenstarter.core.provider;

import java.time.Clock;

import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProvider;
import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;

/**
 * The reactive twin of {@link SelfSignedJwtOAuth2AuthorizedClientProvider}.
 *
 * @author token-starter
 */
public final class SelfSignedJwtReactiveOAuth2AuthorizedClientProvider
		implements ReactiveOAuth2AuthorizedClientProvider {

	private final ProviderSupport support;

	private final SelfSignedJwts jwts = new SelfSignedJwts();

	public SelfSignedJwtReactiveOAuth2AuthorizedClientProvider(TokenClientDefinitions definitions) {
		this.support = new ProviderSupport(definitions);
	}

	@Override
	public Mono<OAuth2AuthorizedClient> authorize(OAuth2AuthorizationContext context) {
		Assert.notNull(context, "context cannot be null");
		TokenClientDefinition definition = this.support.selfSignedDefinitionNeedingToken(context);
		if (definition == null) {
			return Mono.empty();
		}
		return Mono.fromCallable(() -> ProviderSupport.authorizedClient(context, this.jwts.mint(definition), null));
	}

	/**
	 * Set the clock that decides whether a token has expired and gives the {@code iat} of new ones.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.support.setClock(clock);
		this.jwts.setClock(clock);
	}

	/**
	 * Set the registry that observes each minting as {@code token-starter.token.request}; none by default.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.jwts.setObservationRegistry(observationRegistry);
	}

}
