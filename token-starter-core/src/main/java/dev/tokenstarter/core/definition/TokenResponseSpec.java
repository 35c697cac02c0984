package dev.tokenstarter.core.definition;

import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Where a token response keeps what token-starter needs, as JSON Pointers into its body or as response
 * headers, so that envelopes such as {@code {code, msg, data:{...}}} and tokens in headers need no
 * code.
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
 * @param format how the body is read
 * @author token-starter
 */
public record TokenResponseSpec(ResponseSource accessToken, @Nullable ResponseSource refreshToken,
		@Nullable ResponseSource tokenType, ExpirySpec expiry, ExpirySpec refreshExpiry,
		@Nullable ResponseValueRule success, List<ResponseSource> errorCode, List<ResponseSource> errorMessage,
		ResponseFormat format) {

	/**
	 * Where error codes usually are: OAuth2's {@code error}, nested {@code error.code}, {@code errorCode},
	 * {@code code}, and the first problem of an array.
	 */
	public static final List<ResponseSource> DEFAULT_ERROR_CODE = sources("/error", "/error/code", "/errorCode",
			"/code", "/0/errorCode", "/0/code");

	/**
	 * Where error messages usually are.
	 */
	public static final List<ResponseSource> DEFAULT_ERROR_MESSAGE = sources("/error_description", "/error/message",
			"/message", "/msg", "/detail", "/0/detail", "/0/message", "/0/title");

	public TokenResponseSpec {
		Assert.notNull(accessToken, "accessToken cannot be null");
		Assert.notNull(expiry, "expiry cannot be null");
		Assert.notNull(refreshExpiry, "refreshExpiry cannot be null");
		Assert.notNull(format, "format cannot be null");
		errorCode = List.copyOf(errorCode);
		errorMessage = List.copyOf(errorMessage);
	}

	/**
	 * Create a description whose body format is chosen by the response's {@code Content-Type}.
	 * @param accessToken where the access token is
	 * @param refreshToken where the refresh token is, or {@code null}
	 * @param tokenType where the token type is, or {@code null}
	 * @param expiry the access token's expiry
	 * @param refreshExpiry the refresh token's expiry
	 * @param success the success rule, or {@code null}
	 * @param errorCode where error codes are
	 * @param errorMessage where error messages are
	 */
	public TokenResponseSpec(ResponseSource accessToken, @Nullable ResponseSource refreshToken,
			@Nullable ResponseSource tokenType, ExpirySpec expiry, ExpirySpec refreshExpiry,
			@Nullable ResponseValueRule success, List<ResponseSource> errorCode, List<ResponseSource> errorMessage) {
		this(accessToken, refreshToken, tokenType, expiry, refreshExpiry, success, errorCode, errorMessage,
				ResponseFormat.AUTO);
	}

	/**
	 * Return the standard OAuth2 shape: {@code access_token}, {@code refresh_token}, {@code token_type}
	 * and {@code expires_in}.
	 * @return the response description
	 */
	public static TokenResponseSpec oauth2() {
		return new TokenResponseSpec(ResponseSource.body("/access_token"), ResponseSource.body("/refresh_token"),
				ResponseSource.body("/token_type"), ExpirySpec.seconds("/expires_in"), ExpirySpec.none(), null,
				DEFAULT_ERROR_CODE, DEFAULT_ERROR_MESSAGE);
	}

	/**
	 * Return a copy whose body is read in the given format.
	 * @param bodyFormat the format
	 * @return a new description
	 */
	public TokenResponseSpec withFormat(ResponseFormat bodyFormat) {
		return new TokenResponseSpec(this.accessToken, this.refreshToken, this.tokenType, this.expiry,
				this.refreshExpiry, this.success, this.errorCode, this.errorMessage, bodyFormat);
	}

	private static List<ResponseSource> sources(String... pointers) {
		return Arrays.stream(pointers).map(ResponseSource::body).toList();
	}

}
