package dev.tokenstarter.core.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.endpoint.ReactiveTokenEndpointClient;
import dev.tokenstarter.core.lifecycle.IssuanceBudgetExceededException;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.test.LoginTokenApi;
import dev.tokenstarter.core.test.LoopbackClients;
import dev.tokenstarter.core.test.LoopbackServer.Reply;
import dev.tokenstarter.core.test.MutableClock;

import static dev.tokenstarter.core.provider.TokenGrantOAuth2AuthorizedClientProviderTests.context;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenGrantReactiveOAuth2AuthorizedClientProvider}.
 *
 * @author token-starter
 */
class TokenGrantReactiveOAuth2AuthorizedClientProviderTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final MutableClock clock = MutableClock.start();

	private final LoginTokenApi api = new LoginTokenApi();

	private final TokenGrantReactiveOAuth2AuthorizedClientProvider provider = provider(this.api, this.clock);

	@AfterEach
	void closeApi() {
		this.api.close();
	}

	static TokenGrantReactiveOAuth2AuthorizedClientProvider provider(LoginTokenApi api, MutableClock clock) {
		ReactiveTokenEndpointClient endpointClient = new ReactiveTokenEndpointClient(
				LoopbackClients.webClient().build());
		endpointClient.setClock(clock);
		TokenGrantReactiveOAuth2AuthorizedClientProvider provider;
		provider = new TokenGrantReactiveOAuth2AuthorizedClientProvider(
				new TokenClientDefinitions(List.of(api.definition())), endpointClient);
		provider.setClock(clock);
		return provider;
	}

	@Test
	void authorizeWhenRegistrationIsNotTokenStarterGrantThenEmpty() {
		ClientRegistration standard = ClientRegistration.withRegistrationId(LoginTokenApi.REGISTRATION_ID)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.clientId("client")
			.tokenUri("http://127.0.0.1:1/token")
			.build();
		StepVerifier.create(this.provider.authorize(context(standard))).expectComplete().verify(TIMEOUT);
		ClientRegistration other = ClientRegistration.withRegistrationId("other")
			.authorizationGrantType(TokenGrant.LOGIN.authorizationGrantType())
			.clientId("other")
			.build();
		StepVerifier.create(this.provider.authorize(context(other))).expectComplete().verify(TIMEOUT);
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void authorizeWhenNoAuthorizedClientThenRequestsToken() {
		StepVerifier.create(this.provider.authorize(context(LoginTokenApi.registration())))
			.assertNext((client) -> {
				assertThat(client.getPrincipalName()).isEqualTo("app");
				assertThat(client.getAccessToken().getTokenValue()).isEqualTo("a1");
				assertThat(client.getAccessToken().getExpiresAt()).isEqualTo(this.clock.instant().plusSeconds(100));
				assertThat(client.getRefreshToken().getTokenValue()).isEqualTo("r1");
			})
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.api.logins()).singleElement()
			.satisfies((request) -> assertThat(request.body()).contains("\"user\":\"alice\""));
	}

	@Test
	void authorizeWhenTokenUnexpiredThenEmpty() {
		OAuth2AuthorizedClient client = client("a0");
		this.clock.advance(Duration.ofSeconds(90).minusMillis(1));
		StepVerifier.create(this.provider.authorize(context(client).build())).expectComplete().verify(TIMEOUT);
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void authorizeWhenTokenWithinClockSkewOfExpiryThenRequestsNewToken() {
		OAuth2AuthorizedClient client = client("a0");
		this.clock.advance(Duration.ofSeconds(100).minus(LoginTokenApi.CLOCK_SKEW));
		StepVerifier.create(this.provider.authorize(context(client).build()).map(this::value))
			.expectNext("a1")
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.api.logins()).hasSize(1);
	}

	@Test
	void authorizeWhenReplacedTokenIsStoredTokenThenRequestsNewToken() {
		OAuth2AuthorizedClient client = client("a0");
		StepVerifier
			.create(this.provider
				.authorize(context(client).attribute(TokenStarterAttributes.REPLACED_TOKEN, "a0").build())
				.map(this::value))
			.expectNext("a1")
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void authorizeWhenReplacedTokenIsAnotherTokenThenEmpty() {
		OAuth2AuthorizedClient client = client("a0");
		StepVerifier
			.create(this.provider
				.authorize(context(client).attribute(TokenStarterAttributes.REPLACED_TOKEN, "older").build()))
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void authorizeWhenIssuanceBudgetSpentThenErrorWithoutRequest() {
		List<String> acquired = new ArrayList<>();
		this.provider.setIssuanceBudget((registrationId) -> {
			acquired.add(registrationId);
			throw new IssuanceBudgetExceededException(registrationId, 1, this.clock.instant().plusSeconds(60));
		});
		Mono<OAuth2AuthorizedClient> authorized = this.provider.authorize(context(LoginTokenApi.registration()));
		assertThat(acquired).as("budget taken only on subscription").isEmpty();
		StepVerifier.create(authorized).expectError(IssuanceBudgetExceededException.class).verify(TIMEOUT);
		assertThat(acquired).containsExactly(LoginTokenApi.REGISTRATION_ID);
		assertThat(this.api.requests()).isEmpty();
	}

	@Test
	void authorizeWhenIssuanceBudgetLeftThenAcquiredBeforeRequest() {
		List<Integer> requestsSeenByBudget = new ArrayList<>();
		this.provider.setIssuanceBudget((registrationId) -> requestsSeenByBudget.add(this.api.requests().size()));
		StepVerifier.create(this.provider.authorize(context(LoginTokenApi.registration())))
			.expectNextCount(1)
			.expectComplete()
			.verify(TIMEOUT);
		assertThat(requestsSeenByBudget).containsExactly(0);
		assertThat(this.api.logins()).hasSize(1);
	}

	@Test
	void authorizeWhenEndpointRefusesThenError() {
		this.api.onLogin((request) -> Reply.json(401,
				"{\"error\":\"invalid_grant\",\"error_description\":\"bad password\"}"));
		StepVerifier.create(this.provider.authorize(context(LoginTokenApi.registration())))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(TokenEndpointException.class,
					(failure) -> {
						assertThat(failure.isTransient()).isFalse();
						assertThat(failure.getMessage()).contains("bad password")
							.doesNotContain(LoginTokenApi.PASSWORD);
					}))
			.verify(TIMEOUT);
	}

	private String value(OAuth2AuthorizedClient client) {
		return client.getAccessToken().getTokenValue();
	}

	private OAuth2AuthorizedClient client(String value) {
		Instant now = this.clock.instant();
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, now,
				now.plusSeconds(100));
		return new OAuth2AuthorizedClient(LoginTokenApi.registration(), "app", token);
	}

}
