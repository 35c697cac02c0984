package dev.tokenstarter.core.provider;

import java.time.Clock;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.definition.TokenGrant;

/**
 * An {@link OAuth2AuthorizedClientProvider} for the {@link TokenGrant#SELF_SIGNED_JWT} grant: when the
 * client has no token, its token has expired or is to be replaced, it mints a new JWT with the client's
 * key and hands it out as the access token, expiring at the JWT's {@code exp}. No request is sent and
 * no issuance budget is spent; the token is stored, renewed ahead of expiry and shared by concurrent
 * callers through the same lifecycle as any other.
 *
 * @author token-starter
 * @see SelfSignedJwtReactiveOAuth2AuthorizedClientProvider
 */
public final class SelfSignedJwtOAuth2AuthorizedClientProvider implements OAuth2AuthorizedClientProvider {

	private final ProviderSupport support;

	private final SelfSignedJwts jwts = new SelfSignedJwts();

	public SelfSignedJwtOAuth2AuthorizedClientProvider(TokenClientDefinitions definitions) {
		this.support = new ProviderSupport(definitions);
	}

	@Override
	public @Nullable OAuth2AuthorizedClient authorize(OAuth2AuthorizationContext context) {
		Assert.notNull(context, "context cannot be null");
		TokenClientDefinition definition = this.support.selfSignedDefinitionNeedingToken(context);
		if (definition == null) {
			return null;
		}
		return ProviderSupport.authorizedClient(context, this.jwts.mint(definition), null);
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
