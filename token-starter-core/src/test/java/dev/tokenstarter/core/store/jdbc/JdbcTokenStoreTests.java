package dev.tokenstarter.core.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

import dev.tokenstarter.core.store.AesGcmTokenCipher;
import dev.tokenstarter.core.store.InMemoryTokenStore;
import dev.tokenstarter.core.store.ResilientTokenStore;
import dev.tokenstarter.core.store.SharedStoreStatus;
import dev.tokenstarter.core.store.StoredToken;
import dev.tokenstarter.core.store.StoredTokenCodec;
import dev.tokenstarter.core.store.TokenCipher;
import dev.tokenstarter.core.store.TokenStore;
import dev.tokenstarter.core.test.CutOffTokenStore;
import dev.tokenstarter.core.test.MutableClock;
import dev.tokenstarter.core.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link JdbcTokenStore}, on H2 and PostgreSQL.
 */
@ParameterizedClass
@EnumSource(TestDatabase.class)
@ExtendWith(OutputCaptureExtension.class)
class JdbcTokenStoreTests {

	private static final String ACCESS = "access-SECRET-4f1c9a";

	private static final String REFRESH = "refresh-SECRET-77e0b2";

	private static final String PRINCIPAL = "token-starter";

	private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

	@Parameter
	TestDatabase database;

	private JdbcTemplate jdbc;

	private String prefix;

	private final TokenCipher cipher = new AesGcmTokenCipher(key());

	private JdbcTokenStore store;

	private final MutableClock fleetClock = new MutableClock(NOW);

	@BeforeEach
	void createStore() {
		this.jdbc = new JdbcTemplate(this.database.dataSource());
		this.prefix = TestDatabase.uniquePrefix();
		this.store = store(this.cipher);
		this.store.setClock(new MutableClock(NOW));
	}

	@AfterEach
	void dropTables() {
		if (this.jdbc != null) {
			TestDatabase.dropTables(this.jdbc, this.prefix);
		}
	}

	@Test
	void loadWhenSavedThenEveryFieldReadBack() {
		OAuth2AccessToken access = new OAuth2AccessToken(OAuth2AccessToken.TokenType.DPOP, ACCESS, NOW,
				NOW.plusSeconds(3600), Set.of("read", "write"));
		OAuth2RefreshToken refresh = new OAuth2RefreshToken(REFRESH, NOW, NOW.plusSeconds(86_400));
		this.store.save("memories", PRINCIPAL, new StoredToken(access, refresh));
		StoredToken loaded = store(this.cipher).load("memories", PRINCIPAL);
		assertThat(loaded).isNotNull();
		assertThat(loaded.accessToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.DPOP);
		assertThat(loaded.accessToken().getTokenValue()).isEqualTo(ACCESS);
		assertThat(loaded.accessToken().getIssuedAt()).isEqualTo(NOW);
		assertThat(loaded.accessToken().getExpiresAt()).isEqualTo(NOW.plusSeconds(3600));
		assertThat(loaded.accessToken().getScopes()).containsExactlyInAnyOrder("read", "write");
		assertThat(loaded.refreshToken()).isNotNull();
		assertThat(loaded.refreshToken().getTokenValue()).isEqualTo(REFRESH);
		assertThat(loaded.refreshToken().getIssuedAt()).isEqualTo(NOW);
		assertThat(loaded.refreshToken().getExpiresAt()).isEqualTo(NOW.plusSeconds(86_400));
	}

	@Test
	void loadWhenSavedWithoutRefreshTokenOrExpiryThenBothAbsent() {
		this.store.save("memories", PRINCIPAL, new StoredToken(
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, ACCESS, null, null), null));
		StoredToken loaded = this.store.load("memories", PRINCIPAL);
		assertThat(loaded).isNotNull();
		assertThat(loaded.accessToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
		assertThat(loaded.accessToken().getExpiresAt()).isNull();
		assertThat(loaded.refreshToken()).isNull();
	}

	@Test
	void loadWhenNothingSavedThenNull() {
		assertThat(this.store.load("memories", PRINCIPAL)).isNull();
	}

	@Test
	void saveWhenTokenStoredThenReplacedInItsOneRow() {
		this.store.save("memories", PRINCIPAL, token("first"));
		MutableClock later = new MutableClock(NOW.plusSeconds(60));
		this.store.setClock(later);
		this.store.save("memories", PRINCIPAL, token("second"));
		assertThat(this.store.load("memories", PRINCIPAL).accessToken().getTokenValue()).isEqualTo("second");
		List<Map<String, Object>> rows = this.jdbc.queryForList("SELECT * FROM " + this.prefix + "tokens");
		assertThat(rows).hasSize(1);
		assertThat(this.jdbc.queryForObject("SELECT updated_at FROM " + this.prefix + "tokens",
				OffsetDateTime.class)
			.toInstant()).isEqualTo(NOW.plusSeconds(60));
	}

	@Test
	void saveWhenInstancesSaveAtOnceThenOneRowWithOneOfTheirTokens() throws Exception {
		List<Callable<Void>> tasks = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			String value = "token-" + i;
			JdbcTokenStore instance = store(this.cipher);
			tasks.add(() -> {
				instance.save("memories", PRINCIPAL, token(value));
				return null;
			});
		}
		Concurrently.run(tasks);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.prefix + "tokens", Integer.class))
			.isEqualTo(1);
		assertThat(this.store.load("memories", PRINCIPAL).accessToken().getTokenValue()).startsWith("token-");
	}

	@Test
	void saveWhenClientsDifferThenEachKeepsItsOwnToken() {
		this.store.save("memories", PRINCIPAL, token("memories-token"));
		this.store.save("make", PRINCIPAL, token("make-token"));
		this.store.save("memories", "someone-else", token("other-principal"));
		assertThat(this.store.load("memories", PRINCIPAL).accessToken().getTokenValue()).isEqualTo("memories-token");
		assertThat(this.store.load("make", PRINCIPAL).accessToken().getTokenValue()).isEqualTo("make-token");
		assertThat(this.store.load("memories", "someone-else").accessToken().getTokenValue())
			.isEqualTo("other-principal");
	}

	@Test
	void removeWhenStoredThenAbsentAndOtherClientsKept() {
		this.store.save("memories", PRINCIPAL, token("memories-token"));
		this.store.save("make", PRINCIPAL, token("make-token"));
		this.store.remove("memories", PRINCIPAL);
		assertThat(this.store.load("memories", PRINCIPAL)).isNull();
		assertThat(this.store.load("make", PRINCIPAL)).isNotNull();
	}

	@Test
	void saveWhenStoredThenRawRowHoldsNeitherTokenInClear() {
		this.store.save("memories", PRINCIPAL, new StoredToken(
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, ACCESS, NOW, NOW.plusSeconds(3600)),
				new OAuth2RefreshToken(REFRESH, NOW, NOW.plusSeconds(86_400))));
		List<Map<String, Object>> rows = this.jdbc.queryForList("SELECT * FROM " + this.prefix + "tokens");
		assertThat(rows).hasSize(1);
		StringBuilder raw = new StringBuilder();
		rows.get(0).values().forEach((value) -> raw.append(text(value)).append('|'));
		assertThat(raw.toString()).contains("memories")
			.doesNotContain(ACCESS, REFRESH, "SECRET", "accessToken", "refreshToken");
	}

	@Test
	void loadWhenRowTamperedThenAbsentWithOneWarningNamingClientOnly(CapturedOutput output) {
		this.store.save("memories", PRINCIPAL, token(ACCESS));
		byte[] value = rawToken("memories");
		value[value.length - 1] ^= 1;
		this.jdbc.update("UPDATE " + this.prefix + "tokens SET token = ? WHERE registration_id = ?", value,
				"memories");
		assertThat(this.store.load("memories", PRINCIPAL)).isNull();
		String warning = output.getAll();
		assertThat(warning).containsOnlyOnce("Stored token of client 'memories'").doesNotContain(ACCESS);
	}

	@Test
	void loadWhenEncryptedWithAnotherKeyThenAbsent() {
		store(new AesGcmTokenCipher(key())).save("memories", PRINCIPAL, token(ACCESS));
		assertThat(this.store.load("memories", PRINCIPAL)).isNull();
	}

	@Test
	void loadWhenRowCopiedFromAnotherClientThenAbsent() {
		this.store.save("make", PRINCIPAL, token("make-token"));
		this.store.save("memories", PRINCIPAL, token("memories-token"));
		this.jdbc.update("UPDATE " + this.prefix + "tokens SET token = ? WHERE registration_id = ?",
				rawToken("make"), "memories");
		assertThat(this.store.load("memories", PRINCIPAL)).isNull();
		assertThat(this.store.load("make", PRINCIPAL).accessToken().getTokenValue()).isEqualTo("make-token");
	}

	@Test
	void loadWhenPlaintextAllowedThenStoredInClearAndReadBack() {
		JdbcTokenStore plaintext = store(TokenCipher.PLAINTEXT);
		plaintext.save("memories", PRINCIPAL, token(ACCESS));
		assertThat(new String(rawToken("memories"), StandardCharsets.UTF_8)).contains(ACCESS);
		assertThat(plaintext.load("memories", PRINCIPAL).accessToken().getTokenValue()).isEqualTo(ACCESS);
		assertThat(this.store.load("memories", PRINCIPAL)).isNull();
	}

	@Test
	void constructorWhenTablePrefixIsNotANameThenRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JdbcTokenStore(this.jdbc, this.cipher, new StoredTokenCodec(), "x; DROP TABLE y"))
			.withMessageContaining("'x; DROP TABLE y'");
	}

	@Test
	void saveIfNewerWhenStoredTokenIssuedLaterThenNotWritten() {
		this.store.setClock(this.fleetClock);
		this.store.save("memories", PRINCIPAL, issued("b2", 20));
		assertThat(this.store.saveIfNewer("memories", PRINCIPAL, issued("a1", 10))).isFalse();
		assertThat(this.store.load("memories", PRINCIPAL).accessToken().getTokenValue()).isEqualTo("b2");
	}

	@Test
	void saveIfNewerWhenStoredTokenOlderOrAbsentThenWritten() {
		this.store.setClock(this.fleetClock);
		assertThat(this.store.saveIfNewer("memories", PRINCIPAL, issued("a1", 10))).isTrue();
		assertThat(this.store.saveIfNewer("memories", PRINCIPAL, issued("c3", 30))).isTrue();
		assertThat(this.store.saveIfNewer("memories", PRINCIPAL, issued("b2", 20))).isFalse();
		assertThat(this.store.load("memories", PRINCIPAL).accessToken().getTokenValue()).isEqualTo("c3");
	}

	@Test
	void loadWhenStoreBackAfterOutageAndAnotherInstanceSavedNewerTokenThenNewerKept() {
		CutOffTokenStore network = new CutOffTokenStore(fleetStore());
		ResilientTokenStore instanceA = resilient(network);
		ResilientTokenStore instanceB = resilient(fleetStore());
		instanceA.save("memories", PRINCIPAL, issued("t0", 0));
		network.setCutOff(true);
		instanceA.save("memories", PRINCIPAL, issued("a1", 10));
		instanceB.save("memories", PRINCIPAL, issued("b2", 20));
		network.setCutOff(false);
		assertThat(instanceA.load("memories", PRINCIPAL).accessToken().getTokenValue()).isEqualTo("b2");
		assertThat(this.store.load("memories", PRINCIPAL).accessToken().getTokenValue()).isEqualTo("b2");
		assertThat(instanceB.load("memories", PRINCIPAL).accessToken().getTokenValue()).isEqualTo("b2");
	}

	@Test
	void loadWhenStoreBackAfterOutageAndSharedTokenOlderThenTokenRenewedDuringOutageWrittenBack() {
		CutOffTokenStore network = new CutOffTokenStore(fleetStore());
		ResilientTokenStore instanceA = resilient(network);
		ResilientTokenStore instanceB = resilient(fleetStore());
		instanceB.save("memories", PRINCIPAL, issued("b0", 0));
		network.setCutOff(true);
		instanceA.save("memories", PRINCIPAL, issued("a1", 10));
		network.setCutOff(false);
		assertThat(instanceA.load("memories", PRINCIPAL).accessToken().getTokenValue()).isEqualTo("a1");
		assertThat(this.store.load("memories", PRINCIPAL).accessToken().getTokenValue()).isEqualTo("a1");
	}

	/**
	 * Return a store of an instance whose clock is the fleet's: each token is saved when it is issued.
	 */
	private JdbcTokenStore fleetStore() {
		JdbcTokenStore store = store(this.cipher);
		store.setClock(this.fleetClock);
		return store;
	}

	private ResilientTokenStore resilient(TokenStore shared) {
		return new ResilientTokenStore(shared, new InMemoryTokenStore(Clock.fixed(NOW, ZoneOffset.UTC)),
				new SharedStoreStatus("test", Duration.ZERO, Clock.fixed(NOW, ZoneOffset.UTC)));
	}

	/**
	 * Move the fleet's clock to some minutes after {@code NOW}, and return a token issued then, valid for
	 * an hour.
	 */
	private StoredToken issued(String value, int minutes) {
		Instant issuedAt = NOW.plus(Duration.ofMinutes(minutes));
		this.fleetClock.set(issuedAt);
		return new StoredToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, issuedAt,
				issuedAt.plus(Duration.ofHours(1))), null);
	}

	private JdbcTokenStore store(TokenCipher cipher) {
		JdbcTokenStore store = new JdbcTokenStore(this.jdbc, cipher, new StoredTokenCodec(), this.prefix);
		store.setSchema(new JdbcTokenStoreSchema(this.jdbc, this.prefix));
		return store;
	}

	private byte[] rawToken(String registrationId) {
		return this.jdbc.queryForObject("SELECT token FROM " + this.prefix + "tokens WHERE registration_id = ?",
				byte[].class, registrationId);
	}

	private static StoredToken token(String value) {
		return new StoredToken(
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, NOW, NOW.plusSeconds(3600)), null);
	}

	private static String text(Object value) {
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value);
	}

	private static byte[] key() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return key;
	}

}
