package dev.tokenstarter.test;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2AccessToken;

import dev.tokenstarter.core.store.InMemoryTokenStore;
import dev.tokenstarter.core.store.StoredToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link FixedTokenStore}.
 */
class FixedTokenStoreTests {

	private static final String FIXED = "fixed-SECRET-8c1d";

	private final InMemoryTokenStore delegate = new InMemoryTokenStore();

	private final FixedTokenStore store = new FixedTokenStore(this.delegate).fix("mention-me", FIXED,
			Set.of("read"));

	@Test
	void loadWhenClientFixedThenFixedBearerTokenWithoutExpiryWhateverPrincipal() {
		for (String principal : new String[] { "token-starter", "someone-else" }) {
			StoredToken loaded = this.store.load("mention-me", principal);
			assertThat(loaded).isNotNull();
			assertThat(loaded.accessToken().getTokenValue()).isEqualTo(FIXED);
			assertThat(loaded.accessToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
			assertThat(loaded.accessToken().getExpiresAt()).isNull();
			assertThat(loaded.accessToken().getScopes()).containsExactly("read");
			assertThat(loaded.refreshToken()).isNull();
		}
	}

	@Test
	void loadWhenClientNotFixedThenDelegateAnswers() {
		assertThat(this.store.load("agt", "token-starter")).isNull();
		StoredToken saved = token("agt-token");
		this.store.save("agt", "token-starter", saved);
		assertThat(this.delegate.load("agt", "token-starter")).isSameAs(saved);
		assertThat(this.store.load("agt", "token-starter")).isSameAs(saved);
		this.store.remove("agt", "token-starter");
		assertThat(this.delegate.load("agt", "token-starter")).isNull();
	}

	@Test
	void saveWhenClientFixedThenFixedTokenKeptAndDelegateUntouched() {
		this.store.save("mention-me", "token-starter", token("fetched"));
		assertThat(this.store.load("mention-me", "token-starter").accessToken().getTokenValue()).isEqualTo(FIXED);
		assertThat(this.delegate.load("mention-me", "token-starter")).isNull();
	}

	@Test
	void removeWhenClientFixedThenFixedTokenKept() {
		this.delegate.save("mention-me", "token-starter", token("stored"));
		this.store.remove("mention-me", "token-starter");
		assertThat(this.store.load("mention-me", "token-starter").accessToken().getTokenValue()).isEqualTo(FIXED);
		assertThat(this.delegate.load("mention-me", "token-starter")).isNotNull();
	}

	@Test
	void fixWhenCalledAgainThenLatestTokenAndFixedClientsListed() {
		this.store.fix("mention-me", "second").fix("agt", "third");
		assertThat(this.store.load("mention-me", "p").accessToken().getTokenValue()).isEqualTo("second");
		assertThat(this.store.getFixedClients()).containsExactlyInAnyOrder("mention-me", "agt");
		assertThat(this.store.getDelegate()).isSameAs(this.delegate);
	}

	@Test
	void fixWhenTokenEmptyThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.fix("agt", ""))
			.withMessage("tokenValue cannot be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> this.store.fix(" ", "value"))
			.withMessage("registrationId cannot be empty");
	}

	@Test
	void toStringWhenTokenFixedThenNamesClientButNotToken() {
		assertThat(this.store.toString()).contains("mention-me").doesNotContain(FIXED);
	}

	private static StoredToken token(String value) {
		Instant now = Instant.now();
		return new StoredToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, now,
				now.plusSeconds(3600)), null);
	}

}
