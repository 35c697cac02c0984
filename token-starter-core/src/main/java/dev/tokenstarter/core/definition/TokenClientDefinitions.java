package dev.tokenstarter.core.definition;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The token clients of an application, by registration id.
 *
 * @author token-starter
 */
public final class TokenClientDefinitions {

	private final Map<String, TokenClientDefinition> definitions;

	public TokenClientDefinitions(Collection<TokenClientDefinition> definitions) {
		Assert.notNull(definitions, "definitions cannot be null");
		Map<String, TokenClientDefinition> byId = new LinkedHashMap<>();
		for (TokenClientDefinition definition : definitions) {
			Assert.isNull(byId.put(definition.getRegistrationId(), definition),
					() -> "Duplicate token client '" + definition.getRegistrationId() + "'");
		}
		this.definitions = Collections.unmodifiableMap(byId);
	}

	/**
	 * Return the definition of a client.
	 * @param registrationId the registration id
	 * @return the definition, or {@code null} when the registration is not a token-starter client
	 */
	public @Nullable TokenClientDefinition find(String registrationId) {
		return this.definitions.get(registrationId);
	}

	/**
	 * Return every definition, in configuration order.
	 * @return the definitions
	 */
	public Collection<TokenClientDefinition> all() {
		return this.definitions.values();
	}

}
