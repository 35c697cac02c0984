package dev.tokenstarter.core.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;

import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SelfSignedJwtReactiveOAuth2AuthorizedClientProvider}.
 *
 * @author token-starter
 */
class SelfSignedJwtReactiveOAuth2AuthorizedClientProviderTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T08:00:00Z"));

	private final SelfSignedJwtReactiveOAuth2AuthorizedClientProvider provider = provider();

	private SelfSignedJwtReactiveOAuth2AuthorizedClientProvider provider() {
		SelfSignedJwtReactiveOAuth2AuthorizedClientProvider provider;
		provider = new SelfSignedJwtReactiveOAuth2AuthorizedClientProvider(
				new TokenClientDefinitions(List.of(SelfSignedJwtOAuth2AuthorizedClientProviderTests.definition())));
		provider.setClock(this.clock);
		return provider;
	}

	@Test
	void authorizeWhenNoTokenThenMintsSignedJwtAsTheAccessToken() {
		StepVerifier
			.create(this.provider.authorize(SelfSignedJwtOAuth2AuthorizedClientProviderTests
				.context(SelfSignedJwtOAuth2AuthorizedClientProviderTests.registration())))
			.assertNext((client) -> assertAppStoreJwt(client, this.clock.instant()))
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void authorizeWhenTokenUnexpiredThenEmptyAndWhenNearExpThenNewJwt() {
		OAuth2AuthorizedClient client = this.provider
			.authorize(SelfSignedJwtOAuth2AuthorizedClientProviderTests
				.context(SelfSignedJwtOAuth2AuthorizedClientProviderTests.registration()))
			.block(TIMEOUT);
		this.clock.advance(Duration.ofMinutes(10));
		StepVerifier.create(this.provider.authorize(SelfSignedJwtOAuth2AuthorizedClientProviderTests.withClient(client)))
			.expectComplete()
			.verify(TIMEOUT);

		this.clock.advance(Duration.ofMinutes(10));

		StepVerifier.create(this.provider.authorize(SelfSignedJwtOAuth2AuthorizedClientProviderTests.withClient(client)))
			.assertNext((renewed) -> {
				assertThat(renewed.getAccessToken().getTokenValue()).isNotEqualTo(client.getAccessToken().getTokenValue());
				assertAppStoreJwt(renewed, this.clock.instant());
			})
			.expectComplete()
			.verify(TIMEOUT);
	}

	private static void assertAppStoreJwt(OAuth2AuthorizedClient client, Instant issuedAt) {
		try {
			SelfSignedJwtOAuth2AuthorizedClientProviderTests.assertAppStoreJwt(client.getAccessToken(), issuedAt);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

}
