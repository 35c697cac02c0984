package dev.tokenstarter.core.definition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The values that token request templates refer to: {@code client-id}, {@code client-secret},
 * {@code username}, {@code password}, {@code code} and any other named parameter. Values are never
 * shown by {@link #toString()}, only the names.
 *
 * @author token-starter
 */
public final class TokenCredentials {

	private final Map<String, String> values;

	private TokenCredentials(Map<String, String> values) {
		this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
	}

	/**
	 * Return credentials holding the given values; {@code null} values are left out.
	 * @param values the values by variable name
	 * @return the credentials
	 */
	public static TokenCredentials of(Map<String, @Nullable String> values) {
		Assert.notNull(values, "values cannot be null");
		Map<String, String> present = new LinkedHashMap<>();
		values.forEach((name, value) -> {
			if (value != null) {
				present.put(name, value);
			}
		});
		return new TokenCredentials(present);
	}

	/**
	 * Return the value of a variable.
	 * @param name the variable name
	 * @return the value, or {@code null} when it is not set
	 */
	public @Nullable String get(String name) {
		return this.values.get(name);
	}

	/**
	 * Return the names of the variables that are set.
	 * @return the names
	 */
	public Set<String> names() {
		return this.values.keySet();
	}

	/**
	 * Return every value, to build requests with. Never log the result.
	 * @return the values by name
	 */
	public Map<String, String> values() {
		return this.values;
	}

	@Override
	public String toString() {
		return "TokenCredentials" + this.values.keySet();
	}

}
