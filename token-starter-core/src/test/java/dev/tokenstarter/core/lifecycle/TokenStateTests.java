package dev.tokenstarter.core.lifecycle;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.definition.LifecycleSpec.RetrySpec;
import dev.tokenstarter.core.definition.TokenGrant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenState}: when a token is renewed and until when it is used, by lifetime.
 *
 * @author token-starter
 */
class TokenStateTests {

	private static final Instant ISSUED = Instant.parse("2026-03-01T10:00:00Z");

	private static final ClientRegistration REGISTRATION = ClientRegistration.withRegistrationId("api")
		.authorizationGrantType(TokenGrant.CLIENT_CREDENTIALS.authorizationGrantType())
		.clientId("api")
		.build();

	private static final LifecycleSpec DEFAULTS = LifecycleSpec.defaults();

	@ParameterizedTest(name = "{0} s token, lead {1} ms: renewed after {2} ms, used for {3} ms")
	@CsvSource({
			// 20 s: the skew is capped to 2 s, and the skew and lead to a fifth of the lifetime
			"20, 5000, 16000, 18000", "20, 30000, 16000, 18000",
			// 5 min: 30 s of skew and the 5 s lead, or a fifth of the lifetime at most
			"300, 5000, 265000, 270000", "300, 30000, 240000, 270000",
			// 45 min, 2 h and 24 h: a bounded margin before the skew, whatever the lifetime
			"2700, 5000, 2665000, 2670000", "2700, 30000, 2640000, 2670000",
			"7200, 5000, 7165000, 7170000", "7200, 30000, 7140000, 7170000",
			"86400, 5000, 86365000, 86370000", "86400, 30000, 86340000, 86370000" })
	void ofWhenDefaultPolicyThenRenewsTheLeadBeforeTheSkewWithinAFifthOfTheLifetime(long lifetimeSeconds,
			long leadMillis, long renewAfterMillis, long usableForMillis) {
		TokenState state = TokenState.of(client(Duration.ofSeconds(lifetimeSeconds)), DEFAULTS, ISSUED, leadMillis);
		assertThat(state.renewAt - ISSUED.toEpochMilli()).isEqualTo(renewAfterMillis);
		assertThat(state.expireAt - ISSUED.toEpochMilli()).isEqualTo(usableForMillis);
	}

	@ParameterizedTest(name = "{0} s token")
	@CsvSource({ "20, 16000, 18000", "300, 240000, 270000", "2700, 2160000, 2670000", "7200, 5760000, 7170000",
			"86400, 69120000, 86370000" })
	void ofWhenRatioConfiguredThenRenewsAfterThatShareOfTheLifetime(long lifetimeSeconds, long renewAfterMillis,
			long usableForMillis) {
		LifecycleSpec spec = new LifecycleSpec(0.8, null, Duration.ofSeconds(30), null, RetrySpec.defaults());
		TokenState state = TokenState.of(client(Duration.ofSeconds(lifetimeSeconds)), spec, ISSUED, 5_000);
		assertThat(state.renewAt - ISSUED.toEpochMilli()).isEqualTo(renewAfterMillis);
		assertThat(state.expireAt - ISSUED.toEpochMilli()).isEqualTo(usableForMillis);
	}

	@Test
	void ofWhenWindowComesBeforeTheDefaultPolicyThenRenewsAtTheWindow() {
		LifecycleSpec spec = new LifecycleSpec(null, Duration.ofMinutes(10), Duration.ofSeconds(30), null,
				RetrySpec.defaults());
		TokenState state = TokenState.of(client(Duration.ofHours(2)), spec, ISSUED, 5_000);
		assertThat(Instant.ofEpochMilli(state.renewAt)).isEqualTo(ISSUED.plus(Duration.ofMinutes(110)));
	}

	@Test
	void ofWhenRatioOneThenRenewedOnlyOnceUnusable() {
		LifecycleSpec spec = new LifecycleSpec(1.0, null, Duration.ofSeconds(30), null, RetrySpec.defaults());
		TokenState state = TokenState.of(client(Duration.ofHours(2)), spec, ISSUED, 5_000);
		assertThat(state.renewAt).isEqualTo(state.expireAt);
	}

	@Test
	void ofWhenTokenSaysNoIssueTimeThenLifetimeCountsFromReceipt() {
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "t", null,
				ISSUED.plusSeconds(20));
		TokenState state = TokenState.of(new OAuth2AuthorizedClient(REGISTRATION, "app", token), DEFAULTS, ISSUED,
				5_000);
		assertThat(state.expireAt - ISSUED.toEpochMilli()).isEqualTo(18_000);
	}

	@Test
	void ofWhenTokenHasNoExpiryThenNeverRenewedAhead() {
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "t", ISSUED, null);
		TokenState state = TokenState.of(new OAuth2AuthorizedClient(REGISTRATION, "app", token), DEFAULTS, ISSUED,
				5_000);
		assertThat(state.renewAt).isEqualTo(Long.MAX_VALUE);
		assertThat(state.expireAt).isEqualTo(Long.MAX_VALUE);
	}

	private static OAuth2AuthorizedClient client(Duration lifetime) {
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "t", ISSUED,
				ISSUED.plus(lifetime));
		return new OAuth2AuthorizedClient(REGISTRATION, "app", token);
	}

}
