package dev.tokenstarter.core.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ResilientTokenStore}.
 */
class ResilientTokenStoreTests {

	private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

	private static final String PRINCIPAL = "token-starter";

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	private final SwitchableStore shared = new SwitchableStore();

	private final SharedStoreStatus status = new SharedStoreStatus("test", Duration.ZERO, CLOCK);

	private final ResilientTokenStore store = new ResilientTokenStore(this.shared, new InMemoryTokenStore(CLOCK),
			this.status);

	@Test
	void loadWhenSharedStoreDownThenTokenSavedMeanwhileServedFromMemory() {
		this.store.save("memories", PRINCIPAL, token("before"));
		this.shared.down = true;
		this.store.save("memories", PRINCIPAL, token("during"));
		assertThat(this.store.load("memories", PRINCIPAL).accessToken().getTokenValue()).isEqualTo("during");
		assertThat(this.status.isAvailable()).isFalse();
	}

	@Test
	void loadWhenSharedStoreBackThenTokenSavedDuringOutageWrittenBackAndReturned() {
		this.store.save("memories", PRINCIPAL, token("before"));
		this.shared.down = true;
		this.store.save("memories", PRINCIPAL, token("during"));
		this.shared.down = false;
		assertThat(this.store.load("memories", PRINCIPAL).accessToken().getTokenValue()).isEqualTo("during");
		assertThat(this.shared.delegate.load("memories", PRINCIPAL).accessToken().getTokenValue())
			.isEqualTo("during");
		assertThat(this.status.isAvailable()).isTrue();
	}

	@Test
	void loadWhenAnotherComponentSawSharedStoreBackFirstThenTokenSavedDuringOutageStillWrittenBack() {
		this.store.save("memories", PRINCIPAL, token("before"));
		this.shared.down = true;
		this.store.save("memories", PRINCIPAL, token("during"));
		this.shared.down = false;
		this.status.succeeded();
		assertThat(this.store.load("memories", PRINCIPAL).accessToken().getTokenValue()).isEqualTo("during");
		assertThat(this.shared.delegate.load("memories", PRINCIPAL).accessToken().getTokenValue())
			.isEqualTo("during");
	}

	@Test
	void saveWhenSharedStoreBackThenOtherClientsSavedDuringOutageWrittenBack() {
		this.shared.down = true;
		this.store.save("memories", PRINCIPAL, token("memories-during"));
		this.shared.down = false;
		this.status.succeeded();
		this.store.save("make", PRINCIPAL, token("make-after"));
		assertThat(this.shared.delegate.load("memories", PRINCIPAL).accessToken().getTokenValue())
			.isEqualTo("memories-during");
		assertThat(this.shared.delegate.load("make", PRINCIPAL).accessToken().getTokenValue()).isEqualTo("make-after");
	}

	private static StoredToken token(String value) {
		return new StoredToken(
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, NOW, NOW.plusSeconds(3600)), null);
	}

	/**
	 * A shared store that can be made unreachable.
	 */
	private static final class SwitchableStore implements TokenStore {

		private final InMemoryTokenStore delegate = new InMemoryTokenStore(CLOCK);

		private volatile boolean down;

		@Override
		public @Nullable StoredToken load(String registrationId, String principalName) {
			check();
			return this.delegate.load(registrationId, principalName);
		}

		@Override
		public void save(String registrationId, String principalName, StoredToken token) {
			check();
			this.delegate.save(registrationId, principalName, token);
		}

		@Override
		public void remove(String registrationId, String principalName) {
			check();
			this.delegate.remove(registrationId, principalName);
		}

		private void check() {
			if (this.down) {
				throw new DataAccessResourceFailureException("store is down");
			}
		}

	}

}
