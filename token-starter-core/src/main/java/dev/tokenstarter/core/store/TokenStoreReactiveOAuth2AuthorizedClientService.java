package dev.tokenstarter.core.store;

import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * The reactive twin of {@link TokenStoreOAuth2AuthorizedClientService}, sharing its logic. Stores that
 * block (JDBC, Redis) are called on a thread that may block.
 *
 * @author token-starter
 */
public final class TokenStoreReactiveOAuth2AuthorizedClientService implements ReactiveOAuth2AuthorizedClientService {

	private final TokenStoreOAuth2AuthorizedClientService delegate;

	public TokenStoreReactiveOAuth2AuthorizedClientService(ClientRegistrationRepository clientRegistrationRepository,
			TokenStore tokenStore) {
		this.delegate = new TokenStoreOAuth2AuthorizedClientService(clientRegistrationRepository, tokenStore);
	}

	@Override
	public <T extends OAuth2AuthorizedClient> Mono<T> loadAuthorizedClient(String clientRegistrationId,
			String principalName) {
		return Mono.fromCallable(() -> this.delegate.<T>loadAuthorizedClient(clientRegistrationId, principalName));
	}

	@Override
	public Mono<Void> saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
		return Mono.fromRunnable(() -> this.delegate.saveAuthorizedClient(authorizedClient, principal));
	}

	@Override
	public Mono<Void> removeAuthorizedClient(String clientRegistrationId, String principalName) {
		return Mono.fromRunnable(() -> this.delegate.removeAuthorizedClient(clientRegistrationId, principalName));
	}

}
