package dev.tokenstarter.core.response;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.ResponseFormat;
import dev.tokenstarter.core.definition.ResponseSource;
import dev.tokenstarter.core.definition.TokenResponseSpec;

/**
 * Maps a token endpoint's HTTP response to a {@link TokenResponse}, or to a
 * {@link TokenEndpointException} that names the client and carries the endpoint's error code and
 * message. This is the one place where a token response is read; blocking and reactive endpoint clients
 * both use it. Each value comes from the body, read by a reader of its format (JSON or form-encoded,
 * chosen by the {@code Content-Type} unless the description fixes it), or from a response header.
 *
 * @author token-starter
 */
public final class TokenResponseMapper {

	private static final int MAX_ERROR_MESSAGE = 200;

	private final JsonMapper jsonMapper;

	private final ExpiryResolver expiryResolver;

	private final List<ResponseBodyReader> readers;

	public TokenResponseMapper() {
		this(JsonMapper.shared());
	}

	public TokenResponseMapper(JsonMapper jsonMapper) {
		Assert.notNull(jsonMapper, "jsonMapper cannot be null");
		this.jsonMapper = jsonMapper;
		this.expiryResolver = new ExpiryResolver(jsonMapper);
		this.readers = List.of(new JsonResponseBodyReader(jsonMapper), new FormResponseBodyReader());
	}

	/**
	 * Map a response.
	 * @param registrationId the client, for error messages
	 * @param spec where the response keeps what is needed
	 * @param statusCode the HTTP status
	 * @param contentType the content type, or {@code null}
	 * @param body the body, empty when there was none
	 * @param receivedAt when the response was received
	 * @return the tokens
	 * @throws TokenEndpointException when the response is not a successful token response
	 */
	public TokenResponse map(String registrationId, TokenResponseSpec spec, int statusCode,
			@Nullable MediaType contentType, byte[] body, Instant receivedAt) {
		return map(registrationId, spec, statusCode, headers(contentType), body, receivedAt);
	}

	/**
	 * Map a response whose values may come from its headers as well as its body.
	 * @param registrationId the client, for error messages
	 * @param spec where the response keeps what is needed
	 * @param statusCode the HTTP status
	 * @param headers the response headers, content type included
	 * @param body the body, empty when there was none
	 * @param receivedAt when the response was received
	 * @return the tokens
	 * @throws TokenEndpointException when the response is not a successful token response
	 */
	public TokenResponse map(String registrationId, TokenResponseSpec spec, int statusCode, HttpHeaders headers,
			byte[] body, Instant receivedAt) {
		Assert.notNull(headers, "headers cannot be null");
		return map(registrationId, spec, statusCode, "answered HTTP " + statusCode + " with", headers, body,
				receivedAt);
	}

	/**
	 * Map a token response that the endpoint posted to the application's callback, read as a successful
	 * response would be.
	 * @param registrationId the client, for error messages
	 * @param spec where the delivery keeps what is needed
	 * @param contentType the content type, or {@code null}
	 * @param body the body, empty when there was none
	 * @param receivedAt when the delivery was received
	 * @return the tokens
	 * @throws TokenEndpointException when the delivery is not a successful token response
	 */
	public TokenResponse mapDelivery(String registrationId, TokenResponseSpec spec, @Nullable MediaType contentType,
			byte[] body, Instant receivedAt) {
		return map(registrationId, spec, 0, "posted to the callback", headers(contentType), body, receivedAt);
	}

	/**
	 * Check the immediate response of an endpoint that delivers its tokens to the application's callback:
	 * it carries no token, but a failure status or a broken success rule means that no delivery will
	 * come.
	 * @param registrationId the client, for error messages
	 * @param spec the response description, whose success rule and error pointers apply
	 * @param statusCode the HTTP status
	 * @param contentType the content type, or {@code null}
	 * @param body the body, empty when there was none
	 * @throws TokenEndpointException when the endpoint did not accept the request
	 */
	public void checkAcknowledgement(String registrationId, TokenResponseSpec spec, int statusCode,
			@Nullable MediaType contentType, byte[] body) {
		checkAcknowledgement(registrationId, spec, statusCode, headers(contentType), body);
	}

	/**
	 * Check the immediate response of an endpoint that delivers its tokens to the application's callback,
	 * as {@link #checkAcknowledgement(String, TokenResponseSpec, int, MediaType, byte[])} does, with its
	 * headers.
	 * @param registrationId the client, for error messages
	 * @param spec the response description, whose success rule and error sources apply
	 * @param statusCode the HTTP status
	 * @param headers the response headers, content type included
	 * @param body the body, empty when there was none
	 * @throws TokenEndpointException when the endpoint did not accept the request
	 */
	public void checkAcknowledgement(String registrationId, TokenResponseSpec spec, int statusCode,
			HttpHeaders headers, byte[] body) {
		boolean successStatus = statusCode >= 200 && statusCode < 300;
		if (successStatus && spec.success() == null) {
			return;
		}
		String answered = "answered HTTP " + statusCode + " with";
		ResponseContent content = read(registrationId, spec, statusCode, answered, headers, body, successStatus,
				spec.success() != null && !spec.success().source().isHeader());
		if (!successStatus || !spec.success().matches(content.value(spec.success().source()))) {
			throw failure(registrationId, spec, statusCode, answered, content, describe(headers, body));
		}
	}

	private TokenResponse map(String registrationId, TokenResponseSpec spec, int statusCode, String answered,
			HttpHeaders headers, byte[] body, Instant receivedAt) {
		// Status 0: a delivery to the callback, which is a request, read like a successful response.
		boolean successStatus = statusCode == 0 || (statusCode >= 200 && statusCode < 300);
		ResponseContent content = read(registrationId, spec, statusCode, answered, headers, body, successStatus,
				!spec.accessToken().isHeader());
		if (!successStatus
				|| (spec.success() != null && !spec.success().matches(content.value(spec.success().source())))) {
			throw failure(registrationId, spec, statusCode, answered, content, describe(headers, body));
		}
		String accessToken = content.text(spec.accessToken());
		if (accessToken == null) {
			throw failure(registrationId, spec, statusCode, answered, content, "no access token "
					+ (spec.accessToken().isHeader() ? "in header " + spec.accessToken().header()
							: "at " + spec.accessToken()));
		}
		try {
			checkHeaderSafe("an access token", accessToken);
			Instant expiresAt = this.expiryResolver.resolve(spec.expiry(), content, accessToken, receivedAt);
			if (expiresAt != null && !expiresAt.isAfter(receivedAt)) {
				throw new IllegalArgumentException("access token expiry " + expiresAt + " is not after the time "
						+ receivedAt + " it was received; check the expiry kind "
						+ ExpiryResolver.kindName(spec.expiry().kind()));
			}
			String type = content.text(spec.tokenType());
			OAuth2AccessToken token = new OAuth2AccessToken(tokenType(type), accessToken, receivedAt, expiresAt);
			return new TokenResponse(token, refreshToken(spec, content, receivedAt));
		}
		catch (IllegalArgumentException ex) {
			throw error(registrationId, statusCode, answered, TokenEndpointException.INVALID_TOKEN_RESPONSE,
					ex.getMessage(), false);
		}
	}

	private @Nullable OAuth2RefreshToken refreshToken(TokenResponseSpec spec, ResponseContent content,
			Instant receivedAt) {
		String value = content.text(spec.refreshToken());
		if (value == null) {
			return null;
		}
		checkHeaderSafe("a refresh token", value);
		Instant expiresAt = this.expiryResolver.resolve(spec.refreshExpiry(), content, value, receivedAt);
		if (expiresAt != null && !expiresAt.isAfter(receivedAt)) {
			expiresAt = null;
		}
		return new OAuth2RefreshToken(value, receivedAt, expiresAt);
	}

	/**
	 * Read a response with the reader of its format. The body of a successful response must be readable
	 * unless nothing is needed from it; the body of a failure is read when it can be, for its error.
	 */
	private ResponseContent read(String registrationId, TokenResponseSpec spec, int statusCode, String answered,
			HttpHeaders headers, byte[] body, boolean successStatus, boolean bodyNeeded) {
		ResponseContent unread = new ResponseContent(this.jsonMapper.missingNode(), headers);
		MediaType contentType = contentType(headers);
		ResponseBodyReader reader = reader(spec.format(), contentType);
		boolean strict = successStatus && bodyNeeded;
		if (reader == null) {
			if (strict) {
				throw error(registrationId, statusCode, answered, TokenEndpointException.INVALID_TOKEN_RESPONSE,
						"a " + contentType.getType() + "/" + contentType.getSubtype()
								+ " body, not JSON or form-encoded",
						false);
			}
			return unread;
		}
		if (body.length == 0) {
			if (strict) {
				throw error(registrationId, statusCode, answered, TokenEndpointException.INVALID_TOKEN_RESPONSE,
						"an empty body", false);
			}
			return unread;
		}
		try {
			return new ResponseContent(reader.read(body), headers);
		}
		catch (IllegalArgumentException ex) {
			if (successStatus) {
				throw error(registrationId, statusCode, answered, TokenEndpointException.INVALID_TOKEN_RESPONSE,
						ex.getMessage(), false);
			}
			return unread;
		}
	}

	private @Nullable ResponseBodyReader reader(ResponseFormat format, @Nullable MediaType contentType) {
		for (ResponseBodyReader reader : this.readers) {
			if ((format == ResponseFormat.AUTO) ? (contentType == null || reader.canRead(contentType))
					: reader.format() == format) {
				return reader;
			}
		}
		return null;
	}

	private static @Nullable MediaType contentType(HttpHeaders headers) {
		try {
			return headers.getContentType();
		}
		catch (InvalidMediaTypeException ex) {
			return MediaType.APPLICATION_OCTET_STREAM;
		}
	}

	private static HttpHeaders headers(@Nullable MediaType contentType) {
		HttpHeaders headers = new HttpHeaders();
		if (contentType != null) {
			// As sent: setContentType refuses a wildcard such as */*, which a sender may well send.
			headers.set(HttpHeaders.CONTENT_TYPE, contentType.toString());
		}
		return headers;
	}

	private TokenEndpointException failure(String registrationId, TokenResponseSpec spec, int statusCode,
			String answered, ResponseContent content, String detailWithoutError) {
		String code = printable(first(content, spec.errorCode()));
		String message = printable(first(content, spec.errorMessage()));
		if (code == null && message == null) {
			return error(registrationId, statusCode, answered, TokenEndpointException.INVALID_TOKEN_RESPONSE,
					detailWithoutError, isTransient(statusCode));
		}
		String errorCode = (code != null) ? code : TokenEndpointException.INVALID_TOKEN_RESPONSE;
		String description = (message != null) ? truncate(message) : "no error message";
		return error(registrationId, statusCode, answered, errorCode, "error code '" + errorCode + "': " + description,
				isTransient(statusCode));
	}

	private static String describe(HttpHeaders headers, byte[] body) {
		MediaType contentType = contentType(headers);
		if (body.length == 0) {
			return "an empty body";
		}
		if (contentType == null) {
			return "a body that is not a JSON error";
		}
		return "a " + contentType.getType() + "/" + contentType.getSubtype() + " body that is not a JSON error";
	}

	/**
	 * Return whether a token endpoint's answer with the given status may succeed if tried again later:
	 * 5xx, 408 Request Timeout and 429 Too Many Requests.
	 * @param statusCode the HTTP status
	 * @return whether the failure is transient
	 */
	public static boolean isTransient(int statusCode) {
		return statusCode >= 500 || statusCode == 408 || statusCode == 429;
	}

	/**
	 * Return where a value holds a character that cannot go in an HTTP header field as it is: a control
	 * character such as CR or LF (tab aside), DEL, or a character beyond ISO-8859-1.
	 * @param value the value, such as a token
	 * @return the index of the first such character, or -1 when there is none
	 */
	public static int indexOfHeaderUnsafeCharacter(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Refuse a token that could not go in an HTTP header field, saying which character and where but
	 * not the token.
	 */
	private static void checkHeaderSafe(String what, String token) {
		int index = indexOfHeaderUnsafeCharacter(token);
		if (index >= 0) {
			throw new IllegalArgumentException(String.format("%s holding the character U+%04X at index %d, "
					+ "which cannot go in an HTTP header, so it is refused", what, (int) token.charAt(index), index));
		}
	}

	private static TokenEndpointException error(String registrationId, int statusCode, String answered,
			String errorCode, String detail, boolean transientFailure) {
		String message = "Token endpoint of client '" + registrationId + "' " + answered + " " + detail;
		return new TokenEndpointException(registrationId, statusCode, errorCode, message, transientFailure, null);
	}

	private static @Nullable String first(ResponseContent content, List<ResponseSource> sources) {
		for (ResponseSource source : sources) {
			String value = content.text(source);
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	/**
	 * Return an endpoint's error code or message fit for a one-line log message: control characters and
	 * line separators, which could forge log lines, each become a space; blank as absent.
	 */
	private static @Nullable String printable(@Nullable String text) {
		if (text == null) {
			return null;
		}
		StringBuilder printable = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
				printable = (printable != null) ? printable : new StringBuilder(text);
				printable.setCharAt(i, ' ');
			}
		}
		String result = (printable != null) ? printable.toString() : text;
		return result.isBlank() ? null : result;
	}

	private static String truncate(String message) {
		return (message.length() <= MAX_ERROR_MESSAGE) ? message : message.substring(0, MAX_ERROR_MESSAGE) + "...";
	}

	private static OAuth2AccessToken.TokenType tokenType(@Nullable String type) {
		if (type == null || type.equalsIgnoreCase("bearer")) {
			return OAuth2AccessToken.TokenType.BEARER;
		}
		return new OAuth2AccessToken.TokenType(type);
	}

}
