package dev.tokenstarter.core.response;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;

import dev.tokenstarter.core.definition.ResponseFormat;

/**
 * Reads {@code application/x-www-form-urlencoded} token responses, such as
 * {@code access_token=...&token_type=bearer&expires_in=28800}, into an object of text fields: the
 * pointer {@code /access_token} addresses the field {@code access_token}. When a name repeats, its first
 * value counts.
 *
 * @author token-starter
 */
final class FormResponseBodyReader implements ResponseBodyReader {

	@Override
	public ResponseFormat format() {
		return ResponseFormat.FORM;
	}

	@Override
	public boolean canRead(MediaType contentType) {
		return MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(contentType);
	}

	@Override
	public String description() {
		return "form-encoded";
	}

	@Override
	public JsonNode read(byte[] body) {
		ObjectNode fields = JsonNodeFactory.instance.objectNode();
		String text = new String(body, StandardCharsets.UTF_8).strip();
		if (text.isEmpty()) {
			return fields;
		}
		for (String pair : text.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
			if (!fields.has(name)) {
				fields.put(name, value);
			}
		}
		return fields;
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("malformed form-encoded");
		}
	}

}
