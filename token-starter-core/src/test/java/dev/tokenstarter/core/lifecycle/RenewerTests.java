package dev.tokenstarter.core.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;

import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.provider.TokenStarterAttributes;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.store.InMemoryTokenStore;
import dev.tokenstarter.core.test.LoginTokenApi;
import dev.tokenstarter.core.test.LoopbackServer.Reply;
import dev.tokenstarter.core.test.MutableClock;
import dev.tokenstarter.core.test.ThreadRecorder;
import dev.tokenstarter.core.test.TokenStarterManagers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Renewer}.
 *
 * @author token-starter
 */
class RenewerTests {

	private final MutableClock clock = MutableClock.start();

	private final LoginTokenApi api = new LoginTokenApi();

	private final InMemoryTokenStore tokenStore = new InMemoryTokenStore(this.clock);

	@AfterEach
	void closeApi() {
		this.api.close();
	}

	@Test
	void ofManagerWhenNothingStoredThenLogsIn() throws Exception {
		Renewer renewer = Renewer.of(blockingManager(), LoginTokenApi.REGISTRATION_ID, "app");
		assertThat(value(renewer.renew(null))).isEqualTo("a1");
		assertThat(this.tokenStore.load(LoginTokenApi.REGISTRATION_ID, "app")).isNotNull();
		assertThat(this.api.logins()).hasSize(1);
	}

	@Test
	void ofManagerWhenReplacedTokenIsStoredTokenThenRenewsItBeforeExpiry() throws Exception {
		Renewer renewer = Renewer.of(blockingManager(), LoginTokenApi.REGISTRATION_ID, "app");
		renewer.renew(null);
		assertThat(value(renewer.renew("a1"))).isEqualTo("a2");
		assertThat(value(renewer.renew("a1"))).as("a token renewed by someone else is kept").isEqualTo("a2");
		assertThat(value(renewer.renew(null))).isEqualTo("a2");
		assertThat(this.api.refreshes()).hasSize(1);
		assertThat(this.api.logins()).hasSize(1);
	}

	@Test
	void ofManagerWhenManagerThrowsThenFailedFutureInsteadOfException() {
		this.api.onLogin((request) -> Reply.json(401, "{\"error\":\"invalid_grant\"}"));
		CompletableFuture<OAuth2AuthorizedClient> renewal = Renewer
			.of(blockingManager(), LoginTokenApi.REGISTRATION_ID, "app")
			.renew(null);
		assertThat(renewal).isCompletedExceptionally();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(renewal::get)
			.withCauseInstanceOf(TokenEndpointException.class);
	}

	@Test
	void ofManagerWhenNoProviderAuthorizesThenFailsNamingClient() {
		OAuth2AuthorizedClientManager nothing = (request) -> null;
		CompletableFuture<OAuth2AuthorizedClient> renewal = Renewer.of(nothing, "api", "app").renew(null);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(renewal::get)
			.withCauseInstanceOf(IllegalStateException.class)
			.withMessageContaining("'api'");
	}

	@Test
	void ofManagerWhenReplacedTokenGivenThenPassedAsAttribute() {
		List<Object> attributes = new ArrayList<>();
		OAuth2AuthorizedClientManager recording = (request) -> {
			attributes.add(String.valueOf((Object) request.getAttribute(TokenStarterAttributes.REPLACED_TOKEN)));
			assertThat(request.getPrincipal().getName()).isEqualTo("app");
			assertThat(request.getClientRegistrationId()).isEqualTo("api");
			return null;
		};
		Renewer renewer = Renewer.of(recording, "api", "app");
		renewer.renew(null);
		renewer.renew("t1");
		assertThat(attributes).containsExactly("null", "t1");
	}

	@Test
	void ofReactiveManagerWhenReplacedTokenIsStoredTokenThenRenewsItBeforeExpiry() throws Exception {
		Renewer renewer = Renewer.of(reactiveManager(), LoginTokenApi.REGISTRATION_ID, "app");
		assertThat(value(renewer.renew(null))).isEqualTo("a1");
		assertThat(value(renewer.renew("a1"))).isEqualTo("a2");
		assertThat(value(renewer.renew("a0"))).isEqualTo("a2");
		assertThat(this.api.logins()).hasSize(1);
		assertThat(this.api.refreshes()).hasSize(1);
	}

	@Test
	void ofReactiveManagerWhenEmptyThenFailsNamingClient() {
		ReactiveOAuth2AuthorizedClientManager nothing = (request) -> Mono.empty();
		CompletableFuture<OAuth2AuthorizedClient> renewal = Renewer.of(nothing, "api", "app").renew(null);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> renewal.get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(IllegalStateException.class)
			.withMessageContaining("'api'");
	}

	@Test
	void ofReactiveManagerWhenRenewingForSubscriberOnNonBlockingThreadThenNoStoreOrBudgetCallRunsOnOne() {
		ThreadRecorder recorder = new ThreadRecorder();
		InMemoryIssuanceBudget budget = new InMemoryIssuanceBudget(
				new TokenClientDefinitions(List.of(this.api.definition())), this.clock);
		ReactiveOAuth2AuthorizedClientManager manager = TokenStarterManagers.reactive(this.api.definition(),
				LoginTokenApi.registration(), recorder.store(this.tokenStore), this.clock, recorder.budget(budget));
		TokenLifecycle lifecycle = new TokenLifecycle(LoginTokenApi.REGISTRATION_ID,
				this.api.definition().getLifecycle(), null, Renewer.of(manager, LoginTokenApi.REGISTRATION_ID, "app"));
		lifecycle.setClock(this.clock);
		StepVerifier.create(lifecycle.tokenMono().subscribeOn(Schedulers.parallel()))
			.assertNext((token) -> assertThat(token.getTokenValue()).isEqualTo("a1"))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(recorder.calls()).extracting((call) -> call.substring(0, call.indexOf(' ')))
			.contains("store.load", "budget.acquire", "store.save");
		assertThat(recorder.callsOnNonBlockingThreads()).isEmpty();
	}

	@Test
	void ofManagerWhenUsedByLifecycleThenInvalidatedTokenIsRenewedThroughRefresh() {
		TokenLifecycle lifecycle = new TokenLifecycle(LoginTokenApi.REGISTRATION_ID,
				this.api.definition().getLifecycle(),
				Renewer.of(blockingManager(), LoginTokenApi.REGISTRATION_ID, "app"), null);
		lifecycle.setClock(this.clock);
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("a1");
		lifecycle.invalidate("a1");
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("a2");
		assertThat(this.api.logins()).hasSize(1);
		assertThat(this.api.refreshes()).singleElement()
			.satisfies((request) -> assertThat(request.body()).isEqualTo("{\"refresh\":\"r1\"}"));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(lifecycle.token().getTokenValue()).isEqualTo("a2");
	}

	private AuthorizedClientServiceOAuth2AuthorizedClientManager blockingManager() {
		return TokenStarterManagers.blocking(this.api.definition(), LoginTokenApi.registration(), this.tokenStore,
				this.clock);
	}

	private ReactiveOAuth2AuthorizedClientManager reactiveManager() {
		return TokenStarterManagers.reactive(this.api.definition(), LoginTokenApi.registration(), this.tokenStore,
				this.clock);
	}

	private static String value(CompletableFuture<OAuth2AuthorizedClient> renewal) throws Exception {
		return renewal.get(10, TimeUnit.SECONDS).getAccessToken().getTokenValue();
	}

}
