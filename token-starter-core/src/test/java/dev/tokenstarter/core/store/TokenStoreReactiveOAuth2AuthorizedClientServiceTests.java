package dev.tokenstarter.core.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import dev.tokenstarter.core.test.MutableClock;
import dev.tokenstarter.core.test.ThreadRecorder;

import static dev.tokenstarter.core.store.TokenStoreOAuth2AuthorizedClientServiceTests.NOW;
import static dev.tokenstarter.core.store.TokenStoreOAuth2AuthorizedClientServiceTests.PRINCIPAL;
import static dev.tokenstarter.core.store.TokenStoreOAuth2AuthorizedClientServiceTests.REGISTRATION;
import static dev.tokenstarter.core.store.TokenStoreOAuth2AuthorizedClientServiceTests.assertRoundTrip;
import static dev.tokenstarter.core.store.TokenStoreOAuth2AuthorizedClientServiceTests.client;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenStoreReactiveOAuth2AuthorizedClientService}.
 *
 * @author token-starter
 */
class TokenStoreReactiveOAuth2AuthorizedClientServiceTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final InMemoryTokenStore tokenStore = new InMemoryTokenStore(new MutableClock(NOW));

	private final TokenStoreReactiveOAuth2AuthorizedClientService service = service(this.tokenStore);

	@Test
	void loadAuthorizedClientWhenSavedThenAccessTokenRefreshTokenAndTheirExpiriesSurvive() {
		OAuth2AuthorizedClient client = client(new OAuth2AccessToken.TokenType("MAC"));
		StepVerifier.create(this.service.saveAuthorizedClient(client, PRINCIPAL))
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.service.<OAuth2AuthorizedClient>loadAuthorizedClient("api", "app"))
			.assertNext((loaded) -> assertRoundTrip(loaded, "MAC"))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void loadAuthorizedClientWhenNothingStoredThenEmpty() {
		StepVerifier.create(this.service.loadAuthorizedClient("api", "app")).expectComplete().verify(TIMEOUT);
	}

	@Test
	void removeAuthorizedClientWhenStoredThenGone() {
		OAuth2AccessToken token = client(OAuth2AccessToken.TokenType.BEARER).getAccessToken();
		this.tokenStore.save("api", "app", new StoredToken(token, null));
		StepVerifier.create(this.service.removeAuthorizedClient("api", "app")).expectComplete().verify(TIMEOUT);
		assertThat(this.tokenStore.load("api", "app")).isNull();
	}

	@Test
	void operationsWhenNotSubscribedThenStoreUntouched() {
		AtomicInteger calls = new AtomicInteger();
		TokenStore counting = new TokenStore() {

			@Override
			public StoredToken load(String registrationId, String principalName) {
				calls.incrementAndGet();
				return null;
			}

			@Override
			public void save(String registrationId, String principalName, StoredToken token) {
				calls.incrementAndGet();
			}

			@Override
			public void remove(String registrationId, String principalName) {
				calls.incrementAndGet();
			}

		};
		TokenStoreReactiveOAuth2AuthorizedClientService lazy = service(counting);
		Mono<Void> save = lazy.saveAuthorizedClient(client(OAuth2AccessToken.TokenType.BEARER), PRINCIPAL);
		Mono<OAuth2AuthorizedClient> load = lazy.loadAuthorizedClient("api", "app");
		Mono<Void> remove = lazy.removeAuthorizedClient("api", "app");
		assertThat(calls).hasValue(0);
		StepVerifier.create(save.then(load).then(remove)).expectComplete().verify(TIMEOUT);
		assertThat(calls).hasValue(3);
	}

	@Test
	void operationsWhenSubscribedOnNonBlockingThreadThenStoreCalledOffIt() {
		ThreadRecorder recorder = new ThreadRecorder();
		TokenStoreReactiveOAuth2AuthorizedClientService service = service(recorder.store(this.tokenStore));
		Mono<Void> all = service.saveAuthorizedClient(client(OAuth2AccessToken.TokenType.BEARER), PRINCIPAL)
			.then(service.loadAuthorizedClient("api", "app"))
			.then(service.removeAuthorizedClient("api", "app"));
		StepVerifier.create(all.subscribeOn(Schedulers.parallel())).expectComplete().verify(TIMEOUT);
		assertThat(recorder.calls()).hasSize(3);
		assertThat(recorder.callsOnNonBlockingThreads()).isEmpty();
	}

	private static TokenStoreReactiveOAuth2AuthorizedClientService service(TokenStore tokenStore) {
		return new TokenStoreReactiveOAuth2AuthorizedClientService(
				new InMemoryClientRegistrationRepository(REGISTRATION), tokenStore);
	}

}
