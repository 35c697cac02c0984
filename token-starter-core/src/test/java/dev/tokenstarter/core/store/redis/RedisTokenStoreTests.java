package dev.tokenstarter.core.store.redis;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

import dev.tokenstarter.core.store.AesGcmTokenCipher;
import dev.tokenstarter.core.store.InMemoryTokenStore;
import dev.tokenstarter.core.store.ResilientTokenStore;
import dev.tokenstarter.core.store.SharedStoreStatus;
import dev.tokenstarter.core.store.StoredToken;
import dev.tokenstarter.core.store.TokenCipher;
import dev.tokenstarter.core.store.TokenStore;
import dev.tokenstarter.core.test.CutOffTokenStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisTokenStore}, against a real redis-server.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisTokenStoreTests {

	@RegisterExtension
	static final RedisServerProcess redis = new RedisServerProcess();

	private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

	private static final String ACCESS_TOKEN = "access-SECRET-4f9a";

	private static final String REFRESH_TOKEN = "refresh-SECRET-77c1";

	private static final String KEY = "token-starter:token:memories:app";

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private LettuceConnectionFactory connectionFactory;

	private RedisTokenStore store;

	private final byte[] key = aesKey();

	@BeforeEach
	void setUp() {
		redis.flushAll();
		this.connectionFactory = redis.connectionFactory();
		this.store = store(this.key);
	}

	@AfterEach
	void tearDown() {
		this.connectionFactory.destroy();
	}

	@Test
	void loadWhenSavedThenEveryFieldComesBack() {
		StoredToken token = token(Duration.ofHours(1), Duration.ofDays(7));
		this.store.save("memories", "app", token);
		StoredToken loaded = this.store.load("memories", "app");
		assertThat(loaded).isNotNull();
		OAuth2AccessToken access = loaded.accessToken();
		assertThat(access.getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
		assertThat(access.getTokenValue()).isEqualTo(ACCESS_TOKEN);
		assertThat(access.getIssuedAt()).isEqualTo(NOW);
		assertThat(access.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
		assertThat(access.getScopes()).containsExactlyInAnyOrder("read", "write");
		OAuth2RefreshToken refresh = loaded.refreshToken();
		assertThat(refresh).isNotNull();
		assertThat(refresh.getTokenValue()).isEqualTo(REFRESH_TOKEN);
		assertThat(refresh.getIssuedAt()).isEqualTo(NOW);
		assertThat(refresh.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
	}

	@Test
	void loadWhenNothingSavedThenNull() {
		assertThat(this.store.load("memories", "app")).isNull();
	}

	@Test
	void loadWhenSavedWithoutRefreshTokenThenNoRefreshToken() {
		this.store.save("memories", "app", new StoredToken(accessToken(Duration.ofHours(1)), null));
		StoredToken loaded = this.store.load("memories", "app");
		assertThat(loaded).isNotNull();
		assertThat(loaded.accessToken().getTokenValue()).isEqualTo(ACCESS_TOKEN);
		assertThat(loaded.refreshToken()).isNull();
	}

	@Test
	void saveWhenEncryptedThenRawValueHasNeitherToken() {
		this.store.save("memories", "app", token(Duration.ofHours(1), Duration.ofDays(7)));
		byte[] raw = redis.get(KEY);
		assertThat(raw).isNotNull();
		String rawText = new String(raw, StandardCharsets.ISO_8859_1);
		assertThat(rawText).doesNotContain(ACCESS_TOKEN, REFRESH_TOKEN, "SECRET", "accessToken");
	}

	@Test
	void saveWhenSavedAgainThenReplaced() {
		this.store.save("memories", "app", token(Duration.ofHours(1), Duration.ofDays(7)));
		OAuth2AccessToken newer = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "newer", NOW,
				NOW.plusSeconds(60));
		this.store.save("memories", "app", new StoredToken(newer, null));
		assertThat(this.store.load("memories", "app").accessToken().getTokenValue()).isEqualTo("newer");
		assertThat(redis.keys()).containsExactly(KEY);
	}

	@Test
	void saveWhenRefreshTokenOutlivesAccessTokenThenKeyLivesUntilRefreshExpiry() {
		this.store.save("memories", "app", token(Duration.ofHours(1), Duration.ofDays(7)));
		long ttl = redis.pttl(KEY);
		assertThat(ttl).isLessThanOrEqualTo(Duration.ofDays(7).toMillis())
			.isGreaterThan(Duration.ofDays(7).minusMinutes(1).toMillis());
	}

	@Test
	void saveWhenAccessTokenOutlivesRefreshTokenThenKeyLivesUntilAccessExpiry() {
		this.store.save("memories", "app", token(Duration.ofHours(2), Duration.ofMinutes(5)));
		long ttl = redis.pttl(KEY);
		assertThat(ttl).isLessThanOrEqualTo(Duration.ofHours(2).toMillis())
			.isGreaterThan(Duration.ofHours(2).minusMinutes(1).toMillis());
	}

	@Test
	void saveWhenRefreshTokenHasNoExpiryThenKeyDoesNotExpire() {
		OAuth2RefreshToken refresh = new OAuth2RefreshToken(REFRESH_TOKEN, NOW, null);
		this.store.save("memories", "app", new StoredToken(accessToken(Duration.ofHours(1)), refresh));
		assertThat(redis.pttl(KEY)).isEqualTo(-1L);
	}

	@Test
	void saveWhenNeitherTokenUsableAnyMoreThenKeyRemoved() {
		this.store.save("memories", "app", token(Duration.ofHours(1), Duration.ofDays(7)));
		RedisTokenStore later = store(aesKey());
		later.setClock(Clock.fixed(NOW.plus(Duration.ofDays(8)), ZoneOffset.UTC));
		later.save("memories", "app", token(Duration.ofHours(1), Duration.ofDays(7)));
		assertThat(redis.keys()).isEmpty();
	}

	@Test
	void removeWhenSavedThenGone() {
		this.store.save("memories", "app", token(Duration.ofHours(1), Duration.ofDays(7)));
		this.store.remove("memories", "app");
		assertThat(this.store.load("memories", "app")).isNull();
		assertThat(redis.keys()).isEmpty();
	}

	@Test
	void loadWhenValueTamperedThenAbsentWithOneWarningNamingClientOnly(CapturedOutput output) {
		this.store.save("memories", "app", token(Duration.ofHours(1), Duration.ofDays(7)));
		byte[] raw = redis.get(KEY);
		raw[raw.length - 1] ^= 1;
		redis.set(KEY, raw);
		assertThat(this.store.load("memories", "app")).isNull();
		assertThat(output.getAll().lines().filter((line) -> line.contains("WARN"))).singleElement()
			.asString()
			.contains("client 'memories'")
			.doesNotContain(ACCESS_TOKEN, REFRESH_TOKEN);
	}

	@Test
	void loadWhenWrittenWithAnotherKeyThenAbsent() {
		store(aesKey()).save("memories", "app", token(Duration.ofHours(1), Duration.ofDays(7)));
		assertThat(this.store.load("memories", "app")).isNull();
	}

	@Test
	void loadWhenValueCopiedFromAnotherClientThenAbsent() {
		this.store.save("tokens-make", "app", token(Duration.ofHours(1), Duration.ofDays(7)));
		redis.set(KEY, redis.get("token-starter:token:tokens-make:app"));
		assertThat(this.store.load("memories", "app")).isNull();
		assertThat(this.store.load("tokens-make", "app")).isNotNull();
	}

	@Test
	void loadWhenPlaintextValueReadWithKeyThenAbsent() {
		new RedisTokenStore(this.connectionFactory, TokenCipher.PLAINTEXT).save("memories", "app",
				token(Duration.ofHours(1), Duration.ofDays(7)));
		assertThat(this.store.load("memories", "app")).isNull();
	}

	@Test
	void saveWhenKeyPrefixSetThenKeyUsesIt() {
		this.store.setKeyPrefix("fleet-a:");
		this.store.save("memories", "app", token(Duration.ofHours(1), Duration.ofDays(7)));
		assertThat(redis.keys()).containsExactly("fleet-a:token:memories:app");
		assertThat(this.store.load("memories", "app")).isNotNull();
	}

	@Test
	void saveIfNewerWhenStoredTokenIssuedLaterThenNotWritten() {
		this.store.save("memories", "app", issued("b2", 20));
		assertThat(this.store.saveIfNewer("memories", "app", issued("a1", 10))).isFalse();
		assertThat(this.store.load("memories", "app").accessToken().getTokenValue()).isEqualTo("b2");
	}

	@Test
	void saveIfNewerWhenStoredTokenOlderOrAbsentThenWritten() {
		assertThat(this.store.saveIfNewer("memories", "app", issued("a1", 10))).isTrue();
		assertThat(this.store.saveIfNewer("memories", "app", issued("c3", 30))).isTrue();
		assertThat(this.store.saveIfNewer("memories", "app", issued("b2", 20))).isFalse();
		assertThat(this.store.load("memories", "app").accessToken().getTokenValue()).isEqualTo("c3");
	}

	@Test
	void loadWhenStoreBackAfterOutageAndAnotherInstanceSavedNewerTokenThenNewerKept() {
		CutOffTokenStore network = new CutOffTokenStore(store(this.key));
		ResilientTokenStore instanceA = resilient(network);
		ResilientTokenStore instanceB = resilient(store(this.key));
		instanceA.save("memories", "app", issued("t0", 0));
		network.setCutOff(true);
		instanceA.save("memories", "app", issued("a1", 10));
		instanceB.save("memories", "app", issued("b2", 20));
		network.setCutOff(false);
		assertThat(instanceA.load("memories", "app").accessToken().getTokenValue()).isEqualTo("b2");
		assertThat(store(this.key).load("memories", "app").accessToken().getTokenValue()).isEqualTo("b2");
		assertThat(instanceB.load("memories", "app").accessToken().getTokenValue()).isEqualTo("b2");
	}

	@Test
	void loadWhenStoreBackAfterOutageAndSharedTokenOlderThenTokenRenewedDuringOutageWrittenBack() {
		CutOffTokenStore network = new CutOffTokenStore(store(this.key));
		ResilientTokenStore instanceA = resilient(network);
		ResilientTokenStore instanceB = resilient(store(this.key));
		instanceB.save("memories", "app", issued("b0", 0));
		network.setCutOff(true);
		instanceA.save("memories", "app", issued("a1", 10));
		network.setCutOff(false);
		assertThat(instanceA.load("memories", "app").accessToken().getTokenValue()).isEqualTo("a1");
		assertThat(store(this.key).load("memories", "app").accessToken().getTokenValue()).isEqualTo("a1");
	}

	private ResilientTokenStore resilient(TokenStore shared) {
		return new ResilientTokenStore(shared, new InMemoryTokenStore(this.clock),
				new SharedStoreStatus("test", Duration.ZERO, this.clock));
	}

	/**
	 * Return a token issued some minutes after {@code NOW}, valid for an hour.
	 */
	private static StoredToken issued(String value, int minutes) {
		Instant issuedAt = NOW.plus(Duration.ofMinutes(minutes));
		return new StoredToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, issuedAt,
				issuedAt.plus(Duration.ofHours(1))), null);
	}

	private RedisTokenStore store(byte[] key) {
		RedisTokenStore store = new RedisTokenStore(this.connectionFactory, new AesGcmTokenCipher(key));
		store.setClock(this.clock);
		return store;
	}

	private static byte[] aesKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return key;
	}

	private static StoredToken token(Duration accessLifetime, Duration refreshLifetime) {
		return new StoredToken(accessToken(accessLifetime),
				new OAuth2RefreshToken(REFRESH_TOKEN, NOW, NOW.plus(refreshLifetime)));
	}

	private static OAuth2AccessToken accessToken(Duration lifetime) {
		return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, ACCESS_TOKEN, NOW, NOW.plus(lifetime),
				Set.of("read", "write"));
	}

}
