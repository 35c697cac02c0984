package dev.tokenstarter.samples.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenRegistryTests {

	private static final Instant NOW = Instant.parse("2025-01-15T10:00:00Z");

	private final TokenRegistry registry = new TokenRegistry();

	@Test
	void isAccessTokenValidWhenBeforeExpiryThenTrueAndAtExpiryThenFalse() {
		this.registry.registerAccessToken(Providers.AGT, "token", NOW.plusSeconds(60));
		assertThat(this.registry.isAccessTokenValid(Providers.AGT, "token", NOW.plusSeconds(59))).isTrue();
		assertThat(this.registry.isAccessTokenValid(Providers.AGT, "token", NOW.plusSeconds(60))).isFalse();
	}

	@Test
	void isAccessTokenValidWhenOtherProviderOrUnknownOrNullThenFalse() {
		this.registry.registerAccessToken(Providers.AGT, "token", NOW.plusSeconds(60));
		assertThat(this.registry.isAccessTokenValid(Providers.MENTION_ME, "token", NOW)).isFalse();
		assertThat(this.registry.isAccessTokenValid(Providers.AGT, "other", NOW)).isFalse();
		assertThat(this.registry.isAccessTokenValid(Providers.AGT, null, NOW)).isFalse();
	}

	@Test
	void revokeAccessTokensWhenCalledThenOnlyThatProvidersAccessTokensInvalid() {
		this.registry.registerAccessToken(Providers.AGT, "agt", NOW.plusSeconds(60));
		this.registry.registerAccessToken(Providers.MEMORIES, "memories", NOW.plusSeconds(60));
		this.registry.registerRefreshToken(Providers.AGT, "refresh", "user", NOW.plusSeconds(60));
		this.registry.revokeAccessTokens(Providers.AGT);
		assertThat(this.registry.isAccessTokenValid(Providers.AGT, "agt", NOW)).isFalse();
		assertThat(this.registry.isAccessTokenValid(Providers.MEMORIES, "memories", NOW)).isTrue();
		assertThat(this.registry.refreshTokenSubject(Providers.AGT, "refresh", NOW)).isEqualTo("user");
		assertThat(this.registry.issuedTokens(Providers.AGT)).isEqualTo(1);
	}

	@Test
	void consumeRefreshTokenWhenUsedTwiceThenSecondFails() {
		this.registry.registerRefreshToken(Providers.TOKENS_MAKE, "refresh", "user", NOW.plus(Duration.ofDays(1)));
		assertThat(this.registry.consumeRefreshToken(Providers.TOKENS_MAKE, "refresh", NOW)).isEqualTo("user");
		assertThat(this.registry.consumeRefreshToken(Providers.TOKENS_MAKE, "refresh", NOW)).isNull();
		assertThat(this.registry.refreshTokenSubject(Providers.TOKENS_MAKE, "refresh", NOW)).isNull();
	}

	@Test
	void consumeRefreshTokenWhenRacedByManyThreadsThenExactlyOneWins() throws Exception {
		this.registry.registerRefreshToken(Providers.TOKENS_MAKE, "refresh", "user", NOW.plus(Duration.ofDays(1)));
		ExecutorService executor = Executors.newFixedThreadPool(16);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<String>> results = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				results.add(CompletableFuture.supplyAsync(() -> {
					awaitQuietly(start);
					return this.registry.consumeRefreshToken(Providers.TOKENS_MAKE, "refresh", NOW);
				}, executor));
			}
			start.countDown();
			CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
			assertThat(results.stream().map(CompletableFuture::join).filter(Objects::nonNull)).hasSize(1);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void refreshTokenSubjectWhenExpiredThenNull() {
		this.registry.registerRefreshToken(Providers.FIREBASE_LOGIN, "refresh", "user", NOW.plusSeconds(60));
		assertThat(this.registry.refreshTokenSubject(Providers.FIREBASE_LOGIN, "refresh", NOW.plusSeconds(60)))
			.isNull();
	}

	@Test
	void clearWhenCalledThenEverythingForgotten() {
		this.registry.registerAccessToken(Providers.AGT, "token", NOW.plusSeconds(60));
		this.registry.clear();
		assertThat(this.registry.isAccessTokenValid(Providers.AGT, "token", NOW)).isFalse();
		assertThat(this.registry.issuedTokens(Providers.AGT)).isZero();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
