package dev.tokenstarter.core.definition;

import java.util.Set;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

import org.springframework.util.Assert;

/**
 * A rule on a JSON document: the value at a JSON Pointer, read as text, is one of a set of values.
 * Used for "this HTTP 200 response is really a failure" and "this API response says the token is
 * invalid".
 *
 * @param pointer where the value is
 * @param values the values that match; empty to match any present, non-null value
 * @author token-starter
 */
public record JsonValueRule(JsonPointer pointer, Set<String> values) {

	public JsonValueRule {
		Assert.notNull(pointer, "pointer cannot be null");
		Assert.notNull(values, "values cannot be null");
		values = Set.copyOf(values);
	}

	/**
	 * Return whether the document has a matching value at the pointer.
	 * @param document the parsed document
	 * @return whether the rule matches
	 */
	public boolean matches(JsonNode document) {
		JsonNode node = document.at(this.pointer);
		if (node.isMissingNode() || node.isNull()) {
			return false;
		}
		return this.values.isEmpty() || this.values.contains(node.isValueNode() ? node.asString() : node.toString());
	}

	@Override
	public String toString() {
		return this.pointer + " in " + this.values;
	}

}
