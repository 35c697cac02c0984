package dev.tokenstarter.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code token-starter.*} part of the configuration metadata that the build generates
 * ({@code META-INF/spring-configuration-metadata.json}: the configuration processor's entries merged with
 * {@code additional-spring-configuration-metadata.json}), read from the classpath.
 */
final class TokenStarterMetadata {

	static final String LOCATION = "META-INF/spring-configuration-metadata.json";

	private final Map<String, Property> properties;

	private final Map<String, List<Hint>> hints;

	private final Set<String> openHints;

	private TokenStarterMetadata(Map<String, Property> properties, Map<String, List<Hint>> hints,
			Set<String> openHints) {
		this.properties = properties;
		this.hints = hints;
		this.openHints = openHints;
	}

	/**
	 * Load the metadata of the token-starter-autoconfigure module, which the build writes to
	 * target/classes.
	 */
	static TokenStarterMetadata load() throws IOException {
		Enumeration<URL> resources = TokenStarterMetadata.class.getClassLoader().getResources(LOCATION);
		for (URL url : Collections.list(resources)) {
			JsonNode root;
			try (InputStream in = url.openStream()) {
				root = JsonMapper.shared().readTree(in);
			}
			if (isTokenStarters(root)) {
				return of(root);
			}
		}
		throw new IllegalStateException("No " + LOCATION + " with token-starter properties on the classpath");
	}

	private static boolean isTokenStarters(JsonNode root) {
		for (JsonNode group : root.path("groups")) {
			if ("token-starter".equals(group.path("name").asString())) {
				return true;
			}
		}
		return false;
	}

	private static TokenStarterMetadata of(JsonNode root) {
		Map<String, Property> properties = new LinkedHashMap<>();
		for (JsonNode node : root.path("properties")) {
			String name = node.path("name").asString();
			if (!name.startsWith("token-starter.")) {
				continue;
			}
			JsonNode defaultValue = node.get("defaultValue");
			properties.put(name, new Property(name, node.path("type").asString(""),
					node.path("description").asString(""), (defaultValue != null) ? defaultValue : null));
		}
		Map<String, List<Hint>> hints = new LinkedHashMap<>();
		Set<String> openHints = new LinkedHashSet<>();
		for (JsonNode node : root.path("hints")) {
			List<Hint> values = new ArrayList<>();
			for (JsonNode value : node.path("values")) {
				values.add(new Hint(value.path("value").asString(), value.path("description").asString("")));
			}
			String name = node.path("name").asString();
			hints.put(name, values);
			for (JsonNode provider : node.path("providers")) {
				if ("any".equals(provider.path("name").asString())) {
					openHints.add(name);
				}
			}
		}
		return new TokenStarterMetadata(properties, hints, openHints);
	}

	/**
	 * Return the properties by name, in the metadata's (alphabetical) order.
	 */
	Map<String, Property> properties() {
		return this.properties;
	}

	/**
	 * Return the value hints by property name.
	 */
	Map<String, List<Hint>> hints() {
		return this.hints;
	}

	/**
	 * Return whether a property with hints also takes values that are not among them.
	 */
	boolean isOpen(String name) {
		return this.openHints.contains(name);
	}

	record Property(String name, String type, String description, @Nullable JsonNode defaultValue) {
	}

	record Hint(String value, String description) {
	}

}
