package dev.tokenstarter.core.store;

import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

import dev.tokenstarter.core.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link InMemoryTokenStore}.
 *
 * @author token-starter
 */
class InMemoryTokenStoreTests {

	private final MutableClock clock = MutableClock.start();

	private final Instant start = this.clock.instant();

	private final Ticker ticker = () -> Duration.between(this.start, this.clock.instant()).toNanos();

	private final InMemoryTokenStore store = new InMemoryTokenStore(this.clock, this.ticker);

	@Test
	void loadWhenSavedThenReturnsTokenOfThatClientAndPrincipalOnly() {
		StoredToken token = token(access("a1", 100), refresh("r1", 1000));
		this.store.save("api", "app", token);
		assertThat(this.store.load("api", "app")).isSameAs(token);
		assertThat(this.store.load("api", "other")).isNull();
		assertThat(this.store.load("other", "app")).isNull();
	}

	@Test
	void loadWhenKeyPartsWouldRunTogetherThenKeptApart() {
		this.store.save("ab", "c", token(access("a1", 100), null));
		assertThat(this.store.load("a", "bc")).isNull();
	}

	@Test
	void saveWhenTokenStoredThenReplacesIt() {
		this.store.save("api", "app", token(access("a1", 100), null));
		StoredToken second = token(access("a2", 100), null);
		this.store.save("api", "app", second);
		assertThat(this.store.load("api", "app")).isSameAs(second);
	}

	@Test
	void saveIfNewerWhenStoredTokenIssuedLaterThenKept() {
		StoredToken older = token(access("a1", 100), null);
		this.clock.advance(Duration.ofSeconds(10));
		StoredToken newer = token(access("b2", 100), null);
		this.store.save("api", "app", newer);
		assertThat(this.store.saveIfNewer("api", "app", older)).isFalse();
		assertThat(this.store.load("api", "app")).isSameAs(newer);
		this.store.remove("api", "app");
		assertThat(this.store.saveIfNewer("api", "app", older)).isTrue();
		assertThat(this.store.saveIfNewer("api", "app", newer)).isTrue();
		assertThat(this.store.load("api", "app")).isSameAs(newer);
	}

	@Test
	void isNewerThanWhenIssueTimesUnknownThenExpiriesCompared() {
		StoredToken early = new StoredToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "a", null,
				this.clock.instant().plusSeconds(100)), null);
		StoredToken late = new StoredToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "b", null,
				this.clock.instant().plusSeconds(200)), null);
		StoredToken timeless = new StoredToken(
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "c", null, null), null);
		assertThat(late.isNewerThan(early)).isTrue();
		assertThat(early.isNewerThan(late)).isFalse();
		assertThat(timeless.isNewerThan(early)).isFalse();
		assertThat(early.isNewerThan(timeless)).isFalse();
	}

	@Test
	void removeWhenStoredThenGone() {
		this.store.save("api", "app", token(access("a1", 100), null));
		this.store.save("api", "other", token(access("a1", 100), null));
		this.store.remove("api", "app");
		assertThat(this.store.load("api", "app")).isNull();
		assertThat(this.store.load("api", "other")).isNotNull();
	}

	@Test
	void loadWhenAccessTokenExpiredButRefreshTokenValidThenKept() {
		this.store.save("api", "app", token(access("a1", 100), refresh("r1", 1000)));
		advance(Duration.ofSeconds(1000).minusMillis(1));
		assertThat(this.store.load("api", "app")).isNotNull();
	}

	@Test
	void loadWhenBothTokensExpiredThenEvicted() {
		this.store.save("api", "app", token(access("a1", 100), refresh("r1", 1000)));
		advance(Duration.ofSeconds(1000));
		assertThat(this.store.load("api", "app")).isNull();
	}

	@Test
	void loadWhenRefreshTokenExpiresFirstThenKeptUntilAccessTokenExpires() {
		this.store.save("api", "app", token(access("a1", 500), refresh("r1", 100)));
		advance(Duration.ofSeconds(500).minusMillis(1));
		assertThat(this.store.load("api", "app")).isNotNull();
		advance(Duration.ofMillis(1));
		assertThat(this.store.load("api", "app")).isNull();
	}

	@Test
	void loadWhenAccessTokenOnlyAndExpiredThenEvicted() {
		this.store.save("api", "app", token(access("a1", 100), null));
		advance(Duration.ofSeconds(100).minusMillis(1));
		assertThat(this.store.load("api", "app")).isNotNull();
		advance(Duration.ofMillis(1));
		assertThat(this.store.load("api", "app")).isNull();
	}

	@Test
	void loadWhenATokenHasNoExpiryThenNeverEvicted() {
		this.store.save("api", "no-access-expiry", token(access("a1", -1), null));
		this.store.save("api", "no-refresh-expiry", token(access("a1", 100), refresh("r1", -1)));
		advance(Duration.ofDays(3650));
		assertThat(this.store.load("api", "no-access-expiry")).isNotNull();
		assertThat(this.store.load("api", "no-refresh-expiry")).isNotNull();
	}

	@Test
	void saveWhenReplacedByLongerLivedTokenThenExpiryFollowsNewToken() {
		this.store.save("api", "app", token(access("a1", 100), null));
		advance(Duration.ofSeconds(90));
		this.store.save("api", "app", token(access("a2", 100), null));
		advance(Duration.ofSeconds(99));
		assertThat(this.store.load("api", "app").accessToken().getTokenValue()).isEqualTo("a2");
		advance(Duration.ofSeconds(1));
		assertThat(this.store.load("api", "app")).isNull();
	}

	@Test
	void saveWhenTokenAlreadyExpiredThenNotKept() {
		OAuth2AccessToken expired = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "a1",
				this.start.minusSeconds(100), this.start.minusSeconds(1));
		this.store.save("api", "app", token(expired, null));
		assertThat(this.store.load("api", "app")).isNull();
	}

	@Test
	void saveWhenKeyPartEmptyThenRejected() {
		StoredToken token = token(access("a1", 100), null);
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.save("", "app", token));
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.load("api", " "));
	}

	@Test
	void toStringWhenStoredTokenThenShowsNoTokenValues() {
		StoredToken token = token(access("secret-access", 100), refresh("secret-refresh", 1000));
		assertThat(token.toString()).doesNotContain("secret").contains(this.start.plusSeconds(100).toString());
	}

	private void advance(Duration duration) {
		this.clock.advance(duration);
	}

	private OAuth2AccessToken access(String value, long lifetimeSeconds) {
		return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, this.clock.instant(),
				(lifetimeSeconds < 0) ? null : this.clock.instant().plusSeconds(lifetimeSeconds));
	}

	private OAuth2RefreshToken refresh(String value, long lifetimeSeconds) {
		return new OAuth2RefreshToken(value, this.clock.instant(),
				(lifetimeSeconds < 0) ? null : this.clock.instant().plusSeconds(lifetimeSeconds));
	}

	private static StoredToken token(OAuth2AccessToken access, OAuth2RefreshToken refresh) {
		return new StoredToken(access, refresh);
	}

}
