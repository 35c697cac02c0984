package dev.tokenstarter.core.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.util.Assert;

/**
 * Writes a {@link StoredToken} as bytes and reads it back, everything the lifecycle needs included: the
 * access token with its type, scopes, issue and expiry times, and the refresh token with its own. Used
 * by the persistent stores, which encrypt the bytes with a {@link TokenCipher}.
 *
 * @author token-starter
 */
public final class StoredTokenCodec {

	private final JsonMapper jsonMapper;

	public StoredTokenCodec() {
		this(JsonMapper.shared());
	}

	public StoredTokenCodec(JsonMapper jsonMapper) {
		Assert.notNull(jsonMapper, "jsonMapper cannot be null");
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Write a token.
	 * @param token the token
	 * @return the bytes
	 */
	public byte[] encode(StoredToken token) {
		Map<String, Object> values = new LinkedHashMap<>();
		OAuth2AccessToken access = token.accessToken();
		values.put("tokenType", access.getTokenType().getValue());
		values.put("accessToken", access.getTokenValue());
		values.put("issuedAt", millis(access.getIssuedAt()));
		values.put("expiresAt", millis(access.getExpiresAt()));
		values.put("scopes", List.copyOf(access.getScopes()));
		OAuth2RefreshToken refresh = token.refreshToken();
		if (refresh != null) {
			values.put("refreshToken", refresh.getTokenValue());
			values.put("refreshIssuedAt", millis(refresh.getIssuedAt()));
			values.put("refreshExpiresAt", millis(refresh.getExpiresAt()));
		}
		return this.jsonMapper.writeValueAsBytes(values);
	}

	/**
	 * Read a token.
	 * @param bytes the bytes written by {@link #encode}
	 * @return the token
	 */
	public StoredToken decode(byte[] bytes) {
		JsonNode node = this.jsonMapper.readTree(bytes);
		Set<String> scopes = new java.util.LinkedHashSet<>();
		node.path("scopes").forEach((scope) -> scopes.add(scope.asString()));
		OAuth2AccessToken access = new OAuth2AccessToken(
				new OAuth2AccessToken.TokenType(node.path("tokenType").asString()), node.path("accessToken").asString(),
				instant(node.get("issuedAt")), instant(node.get("expiresAt")), scopes);
		OAuth2RefreshToken refresh = null;
		if (node.hasNonNull("refreshToken")) {
			refresh = new OAuth2RefreshToken(node.get("refreshToken").asString(), instant(node.get("refreshIssuedAt")),
					instant(node.get("refreshExpiresAt")));
		}
		return new StoredToken(access, refresh);
	}

	private static @Nullable Long millis(@Nullable Instant instant) {
		return (instant != null) ? instant.toEpochMilli() : null;
	}

	private static @Nullable Instant instant(@Nullable JsonNode node) {
		return (node != null && node.isNumber()) ? Instant.ofEpochMilli(node.asLong()) : null;
	}

}
