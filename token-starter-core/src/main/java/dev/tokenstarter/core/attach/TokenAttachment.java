package dev.tokenstarter.core.attach;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import dev.tokenstarter.core.definition.AttachSpec;
import dev.tokenstarter.core.definition.InvalidTokenSpec;
import dev.tokenstarter.core.definition.JsonValueRule;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.response.TokenResponseMapper;

/**
 * What the blocking interceptor and the reactive filter share: where a token goes on a request, and
 * whether a response says the token is invalid.
 *
 * @author token-starter
 */
final class TokenAttachment {

	/**
	 * Most bytes of a response body read to check it against the body rules; a larger body is passed on
	 * without a check, as it was received.
	 */
	static final int MAX_CHECKED_BODY_SIZE = 64 * 1024;

	private final String registrationId;

	private final AttachSpec attach;

	private final InvalidTokenSpec invalidToken;

	private final JsonMapper jsonMapper;

	/**
	 * The last token found fit for a header, compared by identity: a token is checked once, not on
	 * every call.
	 */
	private volatile @Nullable String checkedToken;

	TokenAttachment(TokenClientDefinition definition, JsonMapper jsonMapper) {
		this.registrationId = definition.getRegistrationId();
		this.attach = definition.getAttach();
		this.invalidToken = definition.getInvalidToken();
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Write the token's header, or return the URI carrying it as a query parameter. A token that cannot
	 * go in a header fails here, with a message that does not carry it, rather than in the HTTP client,
	 * whose message would.
	 */
	URI attach(URI uri, HttpHeaders headers, String token) {
		if (this.attach.headerName() != null) {
			checkHeaderSafe(token);
			headers.set(this.attach.headerName(), this.attach.headerValue(token));
			return uri;
		}
		return UriComponentsBuilder.fromUri(uri)
			.replaceQueryParam(this.attach.queryParameter(), UriUtils.encode(token, StandardCharsets.UTF_8))
			.build(true)
			.toUri();
	}

	private void checkHeaderSafe(String token) {
		if (token == this.checkedToken) {
			return;
		}
		int index = TokenResponseMapper.indexOfHeaderUnsafeCharacter(token);
		if (index >= 0) {
			throw new IllegalStateException(String.format("Token of client '%s' holds the character U+%04X at "
					+ "index %d, which cannot go in an HTTP header; it was not sent", this.registrationId,
					(int) token.charAt(index), index));
		}
		this.checkedToken = token;
	}

	String registrationId() {
		return this.registrationId;
	}

	/**
	 * Return whether any response may cause a retry, so that a request must be ready to be sent again.
	 */
	boolean mayRetry() {
		return !this.invalidToken.statuses().isEmpty() || !this.invalidToken.bodyRules().isEmpty();
	}

	/**
	 * The kind of response, as told to the lifecycle, of a body matching a rule.
	 */
	static final String BODY_REFUSAL = "a body matching an invalid-token rule";

	/**
	 * Return the kind of response, as told to the lifecycle, of a status that means an invalid token.
	 */
	static String statusRefusal(int status) {
		return "HTTP " + status;
	}

	boolean isInvalidStatus(int status) {
		return this.invalidToken.statuses().contains(status);
	}

	/**
	 * Return whether a response's body must be read to tell whether the token is invalid.
	 */
	boolean needsBody(HttpHeaders headers) {
		if (this.invalidToken.bodyRules().isEmpty()) {
			return false;
		}
		String value = headers.getFirst(HttpHeaders.CONTENT_TYPE);
		if (value == null) {
			return false;
		}
		try {
			MediaType contentType = MediaType.parseMediaType(value);
			return contentType.getSubtype().equals("json") || contentType.getSubtype().endsWith("+json");
		}
		catch (InvalidMediaTypeException ex) {
			// Not a JSON body a rule could match; the caller gets the response as the API sent it.
			return false;
		}
	}

	boolean isInvalidBody(byte[] body) {
		if (body.length == 0) {
			return false;
		}
		try {
			JsonNode document = this.jsonMapper.readTree(body);
			List<JsonValueRule> rules = this.invalidToken.bodyRules();
			for (JsonValueRule rule : rules) {
				if (rule.matches(document)) {
					return true;
				}
			}
			return false;
		}
		catch (JacksonException ex) {
			return false;
		}
	}

}
