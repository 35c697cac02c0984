package dev.tokenstarter.core.provider;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.AbstractOAuth2Token;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.request.TokenRequestFactory;
import dev.tokenstarter.core.response.TokenResponse;

/**
 * The decisions that token-starter's providers and their reactive twins share: whose registration it
 * is, whether a token is needed, whether a refresh is possible, and what the new authorized client is.
 *
 * @author token-starter
 */
final class ProviderSupport {

	private final TokenClientDefinitions definitions;

	private Clock clock = Clock.systemUTC();

	ProviderSupport(TokenClientDefinitions definitions) {
		Assert.notNull(definitions, "definitions cannot be null");
		this.definitions = definitions;
	}

	void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Return the definition of the context's client when it is a token-starter client with a token
	 * endpoint that needs a new token: it has none, its token has expired, or its token is to be replaced.
	 */
	@Nullable TokenClientDefinition definitionNeedingToken(OAuth2AuthorizationContext context) {
		return definitionNeedingToken(context, false);
	}

	/**
	 * Return the definition of the context's client when its tokens are self-signed JWTs and it needs a
	 * new one.
	 */
	@Nullable TokenClientDefinition selfSignedDefinitionNeedingToken(OAuth2AuthorizationContext context) {
		return definitionNeedingToken(context, true);
	}

	private @Nullable TokenClientDefinition definitionNeedingToken(OAuth2AuthorizationContext context,
			boolean selfSigned) {
		TokenGrant grant = TokenGrant.from(context.getClientRegistration().getAuthorizationGrantType());
		if (grant == null || grant.isSelfSigned() != selfSigned) {
			return null;
		}
		TokenClientDefinition definition = this.definitions
			.find(context.getClientRegistration().getRegistrationId());
		if (definition == null) {
			return null;
		}
		OAuth2AuthorizedClient authorizedClient = context.getAuthorizedClient();
		if (authorizedClient == null || hasExpired(authorizedClient.getAccessToken(), definition)
				|| authorizedClient.getAccessToken()
					.getTokenValue()
					.equals(context.getAttribute(TokenStarterAttributes.REPLACED_TOKEN))) {
			return definition;
		}
		return null;
	}

	/**
	 * Return the variables of a refresh request, or {@code null} when the client cannot refresh: it has no
	 * refresh endpoint, no refresh token, or one that has expired.
	 */
	@Nullable Map<String, String> refreshVariables(TokenClientDefinition definition,
			@Nullable OAuth2AuthorizedClient authorizedClient) {
		if (definition.getRefreshEndpoint() == null || authorizedClient == null) {
			return null;
		}
		OAuth2RefreshToken refreshToken = authorizedClient.getRefreshToken();
		if (refreshToken == null || hasExpired(refreshToken, definition)) {
			return null;
		}
		return Map.of(TokenRequestFactory.REFRESH_TOKEN, refreshToken.getTokenValue());
	}

	/**
	 * Return the authorized client holding a response's tokens; a refresh response that omits the refresh
	 * token keeps the one the client had.
	 */
	static OAuth2AuthorizedClient authorizedClient(OAuth2AuthorizationContext context, TokenResponse response,
			@Nullable OAuth2AuthorizedClient previous) {
		OAuth2RefreshToken refreshToken = response.refreshToken();
		if (refreshToken == null && previous != null) {
			refreshToken = previous.getRefreshToken();
		}
		return new OAuth2AuthorizedClient(context.getClientRegistration(), context.getPrincipal().getName(),
				response.accessToken(), refreshToken);
	}

	/**
	 * Return whether a token is within the clock skew of its expiry, the skew capped to a share of the
	 * token's lifetime as the lifecycle caps it, so that a token shorter than the skew is not taken for
	 * expired on arrival.
	 */
	private boolean hasExpired(AbstractOAuth2Token token, TokenClientDefinition definition) {
		Instant expiresAt = token.getExpiresAt();
		if (expiresAt == null) {
			return false;
		}
		LifecycleSpec lifecycle = definition.getLifecycle();
		long skew = (token.getIssuedAt() != null)
				? lifecycle.clockSkewMillis(expiresAt.toEpochMilli() - token.getIssuedAt().toEpochMilli())
				: lifecycle.clockSkew().toMillis();
		return this.clock.millis() >= expiresAt.toEpochMilli() - skew;
	}

}
