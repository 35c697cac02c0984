package dev.tokenstarter.samples.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread-safe table of the access and refresh tokens the emulator issued, which is the only
 * thing that decides whether a presented token is valid.
 */
final class TokenRegistry {

	private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();

	private final Map<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> issuedCounts = new ConcurrentHashMap<>();

	void registerAccessToken(String provider, String token, Instant expiresAt) {
		this.accessTokens.put(token, new AccessToken(provider, expiresAt, false));
		this.issuedCounts.computeIfAbsent(provider, (key) -> new AtomicInteger()).incrementAndGet();
	}

	/**
	 * Register an access token that the client made itself (a self-signed JWT) the first time the API
	 * sees it; a token seen before keeps its state, revoked or not.
	 */
	void registerAccessTokenIfAbsent(String provider, String token, Instant expiresAt) {
		if (this.accessTokens.putIfAbsent(token, new AccessToken(provider, expiresAt, false)) == null) {
			this.issuedCounts.computeIfAbsent(provider, (key) -> new AtomicInteger()).incrementAndGet();
		}
	}

	void registerRefreshToken(String provider, String token, String subject, Instant expiresAt) {
		this.refreshTokens.put(token, new RefreshToken(provider, subject, expiresAt, false));
	}

	boolean isAccessTokenValid(String provider, String token, Instant now) {
		AccessToken accessToken = (token != null) ? this.accessTokens.get(token) : null;
		return accessToken != null && accessToken.provider().equals(provider) && !accessToken.revoked()
				&& now.isBefore(accessToken.expiresAt());
	}

	/**
	 * Return the subject of a usable refresh token without consuming it, or {@code null}.
	 */
	String refreshTokenSubject(String provider, String token, Instant now) {
		RefreshToken refreshToken = (token != null) ? this.refreshTokens.get(token) : null;
		return (refreshToken != null && refreshToken.isUsable(provider, now)) ? refreshToken.subject() : null;
	}

	/**
	 * Mark a usable refresh token as used, atomically, so that concurrent callers presenting
	 * the same token get at most one success.
	 * @return the subject of the token, or {@code null} if it was not usable
	 */
	String consumeRefreshToken(String provider, String token, Instant now) {
		if (token == null) {
			return null;
		}
		RefreshToken refreshToken = this.refreshTokens.get(token);
		while (refreshToken != null && refreshToken.isUsable(provider, now)) {
			if (this.refreshTokens.replace(token, refreshToken, refreshToken.markUsed())) {
				return refreshToken.subject();
			}
			refreshToken = this.refreshTokens.get(token);
		}
		return null;
	}

	void revokeAccessTokens(String provider) {
		this.accessTokens.replaceAll((token, accessToken) -> accessToken.provider().equals(provider)
				? new AccessToken(provider, accessToken.expiresAt(), true) : accessToken);
	}

	int issuedTokens(String provider) {
		AtomicInteger count = this.issuedCounts.get(provider);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * Return every access and refresh token issued for a provider, revoked and used ones included.
	 */
	List<String> issuedTokenValues(String provider) {
		List<String> values = new ArrayList<>();
		this.accessTokens.forEach((token, accessToken) -> {
			if (accessToken.provider().equals(provider)) {
				values.add(token);
			}
		});
		this.refreshTokens.forEach((token, refreshToken) -> {
			if (refreshToken.provider().equals(provider)) {
				values.add(token);
			}
		});
		return values;
	}

	void clear() {
		this.accessTokens.clear();
		this.refreshTokens.clear();
		this.issuedCounts.clear();
	}

	private record AccessToken(String provider, Instant expiresAt, boolean revoked) {

	}

	private record RefreshToken(String provider, String subject, Instant expiresAt, boolean used) {

		boolean isUsable(String expectedProvider, Instant now) {
			return this.provider.equals(expectedProvider) && !this.used && now.isBefore(this.expiresAt);
		}

		RefreshToken markUsed() {
			return new RefreshToken(this.provider, this.subject, this.expiresAt, true);
		}

	}

}
