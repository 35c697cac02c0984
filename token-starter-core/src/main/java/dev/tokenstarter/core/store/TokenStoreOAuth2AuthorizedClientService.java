package dev.tokenstarter.core.store;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.util.Assert;

/**
 * An {@link OAuth2AuthorizedClientService} on a {@link TokenStore}, so that Spring's authorized-client
 * managers keep token-starter's tokens, refresh token expiry included, wherever the store keeps them.
 *
 * @author token-starter
 * @see TokenStoreReactiveOAuth2AuthorizedClientService
 */
public final class TokenStoreOAuth2AuthorizedClientService implements OAuth2AuthorizedClientService {

	private final ClientRegistrationRepository clientRegistrationRepository;

	private final TokenStore tokenStore;

	public TokenStoreOAuth2AuthorizedClientService(ClientRegistrationRepository clientRegistrationRepository,
			TokenStore tokenStore) {
		Assert.notNull(clientRegistrationRepository, "clientRegistrationRepository cannot be null");
		Assert.notNull(tokenStore, "tokenStore cannot be null");
		this.clientRegistrationRepository = clientRegistrationRepository;
		this.tokenStore = tokenStore;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String clientRegistrationId,
			String principalName) {
		StoredToken token = this.tokenStore.load(clientRegistrationId, principalName);
		if (token == null) {
			return null;
		}
		ClientRegistration registration = this.clientRegistrationRepository.findByRegistrationId(clientRegistrationId);
		if (registration == null) {
			return null;
		}
		return (T) new OAuth2AuthorizedClient(registration, principalName, token.accessToken(), token.refreshToken());
	}

	@Override
	public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
		Assert.notNull(authorizedClient, "authorizedClient cannot be null");
		Assert.notNull(principal, "principal cannot be null");
		this.tokenStore.save(authorizedClient.getClientRegistration().getRegistrationId(), principal.getName(),
				new StoredToken(authorizedClient.getAccessToken(), authorizedClient.getRefreshToken()));
	}

	@Override
	public void removeAuthorizedClient(String clientRegistrationId, String principalName) {
		this.tokenStore.remove(clientRegistrationId, principalName);
	}

}
