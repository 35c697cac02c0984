package dev.tokenstarter.core.response;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

import dev.tokenstarter.core.definition.ResponseFormat;

/**
 * Reads JSON token responses.
 *
 * @author token-starter
 */
final class JsonResponseBodyReader implements ResponseBodyReader {

	private final JsonMapper jsonMapper;

	JsonResponseBodyReader(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public ResponseFormat format() {
		return ResponseFormat.JSON;
	}

	@Override
	public boolean canRead(MediaType contentType) {
		return contentType.getSubtype().equals("json") || contentType.getSubtype().endsWith("+json");
	}

	@Override
	public String description() {
		return "JSON";
	}

	@Override
	public JsonNode read(byte[] body) {
		try {
			return this.jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("malformed or truncated JSON");
		}
	}

}
