package dev.tokenstarter.core.store;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.util.Assert;

/**
 * The reactive twin of {@link TokenStoreOAuth2AuthorizedClientService}, sharing its logic. The store,
 * which may block (JDBC, Redis, up to their time-outs), is called on a thread that may block, never on
 * the subscriber's event loop: Reactor's bounded elastic scheduler by default.
 *
 * @author token-starter
 */
public final class TokenStoreReactiveOAuth2AuthorizedClientService implements ReactiveOAuth2AuthorizedClientService {

	private final TokenStoreOAuth2AuthorizedClientService delegate;

	private Scheduler scheduler = Schedulers.boundedElastic();

	public TokenStoreReactiveOAuth2AuthorizedClientService(ClientRegistrationRepository clientRegistrationRepository,
			TokenStore tokenStore) {
		this.delegate = new TokenStoreOAuth2AuthorizedClientService(clientRegistrationRepository, tokenStore);
	}

	@Override
	public <T extends OAuth2AuthorizedClient> Mono<T> loadAuthorizedClient(String clientRegistrationId,
			String principalName) {
		return Mono.fromCallable(() -> this.delegate.<T>loadAuthorizedClient(clientRegistrationId, principalName))
			.subscribeOn(this.scheduler);
	}

	@Override
	public Mono<Void> saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
		return Mono.<Void>fromRunnable(() -> this.delegate.saveAuthorizedClient(authorizedClient, principal))
			.subscribeOn(this.scheduler);
	}

	@Override
	public Mono<Void> removeAuthorizedClient(String clientRegistrationId, String principalName) {
		return Mono.<Void>fromRunnable(() -> this.delegate.removeAuthorizedClient(clientRegistrationId, principalName))
			.subscribeOn(this.scheduler);
	}

	/**
	 * Set where the store is called; Reactor's bounded elastic scheduler by default.
	 * @param scheduler a scheduler whose threads may block
	 */
	public void setScheduler(Scheduler scheduler) {
		Assert.notNull(scheduler, "scheduler cannot be null");
		this.scheduler = scheduler;
	}

}
