package dev.tokenstarter.core.response;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.http.HttpHeaders;

import dev.tokenstarter.core.definition.ResponseSource;

/**
 * A token response as {@link TokenResponseMapper} reads it: the body as a tree, whatever its format,
 * and the headers, so that every {@link ResponseSource} resolves in one place.
 *
 * @author token-starter
 */
final class ResponseContent {

	private final JsonNode body;

	private final HttpHeaders headers;

	ResponseContent(JsonNode body, HttpHeaders headers) {
		this.body = body;
		this.headers = headers;
	}

	/**
	 * Return the value at a source, or {@code null} when there is none.
	 */
	@Nullable JsonNode value(@Nullable ResponseSource source) {
		if (source == null) {
			return null;
		}
		if (source.header() != null) {
			String value = this.headers.getFirst(source.header());
			return (value != null) ? JsonNodeFactory.instance.stringNode(value) : null;
		}
		JsonNode node = this.body.at(source.pointer());
		return (node.isMissingNode() || node.isNull()) ? null : node;
	}

	/**
	 * Return the value at a source as text, or {@code null} when there is none, it is empty or it is not
	 * a single value.
	 */
	@Nullable String text(@Nullable ResponseSource source) {
		JsonNode node = value(source);
		if (node == null || !node.isValueNode()) {
			return null;
		}
		String text = node.asString();
		return text.isEmpty() ? null : text;
	}

}
