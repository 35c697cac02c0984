package dev.tokenstarter.core.definition;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.util.Assert;

/**
 * A rule on a token response: the value at a {@link ResponseSource}, read as text, is one of a set of
 * values. Used for "this HTTP 200 response is really a failure".
 *
 * @param source where the value is
 * @param values the values that match; empty to match any present, non-null value
 * @author token-starter
 */
public record ResponseValueRule(ResponseSource source, Set<String> values) {

	public ResponseValueRule {
		Assert.notNull(source, "source cannot be null");
		Assert.notNull(values, "values cannot be null");
		values = Set.copyOf(values);
	}

	/**
	 * Return whether a value read at the source matches.
	 * @param value the value, or {@code null} when the source has none
	 * @return whether the rule matches
	 */
	public boolean matches(@Nullable JsonNode value) {
		if (value == null || value.isMissingNode() || value.isNull()) {
			return false;
		}
		return this.values.isEmpty() || this.values.contains(value.isValueNode() ? value.asString() : value.toString());
	}

	@Override
	public String toString() {
		return this.source + " in " + this.values;
	}

}
