package dev.tokenstarter.core.definition;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;

import org.springframework.util.Assert;

/**
 * Where a token response keeps what token-starter needs, as JSON Pointers into its body, so that
 * envelopes such as {@code {code, msg, data:{...}}} need no code.
 *
 * @param accessToken where the access token is
 * @param refreshToken where the refresh token is, or {@code null}
 * @param tokenType where the token type is, or {@code null} to always use the default
 * @param expiry the access token's expiry
 * @param refreshExpiry the refresh token's expiry
 * @param success a rule that a successful response matches, for APIs that report failures with HTTP
 * 200; {@code null} when the status and the presence of the access token tell
 * @param errorCode where an error response keeps its error code, tried in order
 * @param errorMessage where an error response keeps its message, tried in order
 * @author token-starter
 */
public record TokenResponseSpec(JsonPointer accessToken, @Nullable JsonPointer refreshToken,
		@Nullable JsonPointer tokenType, ExpirySpec expiry, ExpirySpec refreshExpiry, @Nullable JsonValueRule success,
		List<JsonPointer> errorCode, List<JsonPointer> errorMessage) {

	/**
	 * Where error codes usually are: OAuth2's {@code error}, nested {@code error.code}, {@code errorCode},
	 * {@code code}, and the first problem of an array.
	 */
	public static final List<JsonPointer> DEFAULT_ERROR_CODE = pointers("/error", "/error/code", "/errorCode",
			"/code", "/0/errorCode", "/0/code");

	/**
	 * Where error messages usually are.
	 */
	public static final List<JsonPointer> DEFAULT_ERROR_MESSAGE = pointers("/error_description", "/error/message",
			"/message", "/msg", "/detail", "/0/detail", "/0/message", "/0/title");

	public TokenResponseSpec {
		Assert.notNull(accessToken, "accessToken cannot be null");
		Assert.notNull(expiry, "expiry cannot be null");
		Assert.notNull(refreshExpiry, "refreshExpiry cannot be null");
		errorCode = List.copyOf(errorCode);
		errorMessage = List.copyOf(errorMessage);
	}

	/**
	 * Return the standard OAuth2 shape: {@code access_token}, {@code refresh_token}, {@code token_type}
	 * and {@code expires_in}.
	 * @return the response description
	 */
	public static TokenResponseSpec oauth2() {
		return new TokenResponseSpec(JsonPointer.compile("/access_token"), JsonPointer.compile("/refresh_token"),
				JsonPointer.compile("/token_type"), ExpirySpec.seconds("/expires_in"), ExpirySpec.none(), null,
				DEFAULT_ERROR_CODE, DEFAULT_ERROR_MESSAGE);
	}

	private static List<JsonPointer> pointers(String... pointers) {
		return java.util.Arrays.stream(pointers).map(JsonPointer::compile).toList();
	}

}
