package dev.tokenstarter.samples.emulator;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON helpers shared by the emulated providers.
 */
final class Json {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	static ObjectNode object() {
		return MAPPER.createObjectNode();
	}

	static ArrayNode array() {
		return MAPPER.createArrayNode();
	}

	static String write(JsonNode node) {
		return MAPPER.writeValueAsString(node);
	}

	/**
	 * Parse a request body that should hold a JSON object.
	 * @return the object, or {@code null} if the body is not a JSON object
	 */
	static ObjectNode parseObject(String body) {
		try {
			JsonNode node = MAPPER.readTree(body);
			return (node instanceof ObjectNode object) ? object : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * Return a string field of an object.
	 * @return the value, or {@code null} if the field is missing or not a string
	 */
	static String text(ObjectNode object, String field) {
		JsonNode value = object.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

}
