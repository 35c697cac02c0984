package dev.tokenstarter.core.attach;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

import dev.tokenstarter.core.definition.AttachSpec;
import dev.tokenstarter.core.definition.InvalidTokenSpec;
import dev.tokenstarter.core.definition.JsonValueRule;

/**
 * What the blocking interceptor and the reactive filter share: where a token goes on a request, and
 * whether a response says the token is invalid.
 *
 * @author token-starter
 */
final class TokenAttachment {

	private final AttachSpec attach;

	private final InvalidTokenSpec invalidToken;

	private final JsonMapper jsonMapper;

	TokenAttachment(AttachSpec attach, InvalidTokenSpec invalidToken, JsonMapper jsonMapper) {
		this.attach = attach;
		this.invalidToken = invalidToken;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Write the token's header, or return the URI carrying it as a query parameter.
	 */
	URI attach(URI uri, HttpHeaders headers, String token) {
		if (this.attach.headerName() != null) {
			headers.set(this.attach.headerName(), this.attach.headerValue(token));
			return uri;
		}
		return UriComponentsBuilder.fromUri(uri)
			.replaceQueryParam(this.attach.queryParameter(), UriUtils.encode(token, StandardCharsets.UTF_8))
			.build(true)
			.toUri();
	}

	boolean isInvalidStatus(int status) {
		return this.invalidToken.statuses().contains(status);
	}

	/**
	 * Return whether a response's body must be read to tell whether the token is invalid.
	 */
	boolean needsBody(@Nullable MediaType contentType) {
		return !this.invalidToken.bodyRules().isEmpty() && contentType != null
				&& (contentType.getSubtype().equals("json") || contentType.getSubtype().endsWith("+json"));
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
