package dev.tokenstarter.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * Moves stock Spring Security's tokens onto a simulated clock. Spring's token response converters stamp
 * a token with {@code Instant.now()} (and {@code issuedAt + 1 s} when {@code expires_in} is absent); the
 * clock that decides expiry can be injected, the stamp cannot. These authorized-client services keep the
 * lifetime Spring computed but start it at the simulated "now" when a client is saved, so that stock
 * behaves on the simulated clock exactly as it would in real time.
 *
 * @author token-starter
 */
final class SimulatedTime {

	private SimulatedTime() {
	}

	static OAuth2AuthorizedClientService blocking(OAuth2AuthorizedClientService delegate, Clock clock) {
		return new OAuth2AuthorizedClientService() {

			@Override
			public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String clientRegistrationId,
					String principalName) {
				return delegate.loadAuthorizedClient(clientRegistrationId, principalName);
			}

			@Override
			public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
				delegate.saveAuthorizedClient(restamped(authorizedClient, clock), principal);
			}

			@Override
			public void removeAuthorizedClient(String clientRegistrationId, String principalName) {
				delegate.removeAuthorizedClient(clientRegistrationId, principalName);
			}

		};
	}

	static ReactiveOAuth2AuthorizedClientService reactive(ReactiveOAuth2AuthorizedClientService delegate,
			Clock clock) {
		return new ReactiveOAuth2AuthorizedClientService() {

			@Override
			public <T extends OAuth2AuthorizedClient> Mono<T> loadAuthorizedClient(String clientRegistrationId,
					String principalName) {
				return delegate.loadAuthorizedClient(clientRegistrationId, principalName);
			}

			@Override
			public Mono<Void> saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
				return delegate.saveAuthorizedClient(restamped(authorizedClient, clock), principal);
			}

			@Override
			public Mono<Void> removeAuthorizedClient(String clientRegistrationId, String principalName) {
				return delegate.removeAuthorizedClient(clientRegistrationId, principalName);
			}

		};
	}

	private static OAuth2AuthorizedClient restamped(OAuth2AuthorizedClient client, Clock clock) {
		OAuth2AccessToken token = client.getAccessToken();
		if (token.getIssuedAt() == null || token.getExpiresAt() == null) {
			return client;
		}
		Duration lifetime = Duration.between(token.getIssuedAt(), token.getExpiresAt());
		Instant now = clock.instant();
		OAuth2AccessToken moved = new OAuth2AccessToken(token.getTokenType(), token.getTokenValue(), now,
				now.plus(lifetime), token.getScopes());
		return new OAuth2AuthorizedClient(client.getClientRegistration(), client.getPrincipalName(), moved,
				client.getRefreshToken());
	}

}
