package dev.tokenstarter.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

import dev.tokenstarter.autoconfigure.TokenStarterMetadata.Hint;
import dev.tokenstarter.autoconfigure.TokenStarterMetadata.Property;

/**
 * Writes {@code docs/reference.md}, the reference of every {@code token-starter.*} key, from the
 * configuration metadata: one table per section, then the meaning of each enumerated value.
 */
final class ReferenceDocsGenerator {

	static final String REGENERATE = "mvn -B -pl token-starter-autoconfigure -am test -Dtest=ReferenceDocsTests "
			+ "-Dsurefire.failIfNoSpecifiedTests=false -Dtoken-starter.docs.write=true";

	private static final String CLIENT = "token-starter.clients.*.";

	/**
	 * Sections by key prefix; a key goes to the section of its longest matching prefix.
	 */
	private static final List<Section> SECTIONS = List.of(
			new Section("General", "token-starter.", "Switches that apply to every client."),
			new Section("Token clients", CLIENT,
					"One entry per API under `token-starter.clients`; `<id>` is the client's registration id, "
							+ "which also names its beans and selects them with `@TokenClient(\"<id>\")`. Values "
							+ "of the credentials and `parameters` are the `{variable}`s of the request templates."),
			new Section("Token endpoint", CLIENT + "token.",
					"The request that issues new tokens and where its response keeps them. Unset response "
							+ "keys take OAuth2's defaults."),
			new Section("Refresh endpoint", CLIENT + "refresh.",
					"A custom refresh request, used while a refresh token is valid; it may use "
							+ "`{refresh-token}`. Unset response keys take the token endpoint's."),
			new Section("Attaching tokens", CLIENT + "attach.", "How API calls carry the token."),
			new Section("Invalid tokens", CLIENT + "invalid-token.",
					"What marks an API response as refusing the token; such a call renews the token once "
							+ "and is retried once. Name here only what means the token: a token is renewed at most "
							+ "once per kind of refusal. When the token issued to replace a refused one is refused "
							+ "the same way (the same status, or a body rule again), the response is about "
							+ "something else, such as a 401 for \"not an admin\": the token is kept until it "
							+ "expires, such responses go back to the caller without a retry, and one warning names "
							+ "the client and the status. If an API answers 401 both for a bad token and for "
							+ "missing rights, prefer a body rule that matches only the bad-token answer. A retried "
							+ "WebClient request sends the same body again (up to 256 KiB are kept while it is "
							+ "sent); a larger streamed body is not sent again, and the refusal is returned. Body "
							+ "rules read at most the first 64 KiB of a JSON response; a larger response is passed "
							+ "on unchecked and whole."),
			new Section("Lifecycle", CLIENT + "lifecycle.", "When tokens are renewed and how hard token-starter "
					+ "tries."),
			new Section("Token store", "token-starter.store.", "Where tokens are kept."));

	String generate(TokenStarterMetadata metadata) {
		Map<Section, List<Property>> sections = new LinkedHashMap<>();
		SECTIONS.forEach((section) -> sections.put(section, new ArrayList<>()));
		for (Property property : metadata.properties().values()) {
			if (!property.name().equals("token-starter.clients")) {
				sections.get(section(property.name())).add(property);
			}
		}
		StringBuilder doc = new StringBuilder();
		doc.append("# Configuration reference\n\n");
		doc.append("Every `token-starter.*` key: its type, default and meaning. Durations take Spring Boot's "
				+ "formats, such as `500ms`, `10s`, `5m` or `1d`. Your IDE shows the same descriptions and "
				+ "values while you edit `application.yml`. For complete examples, see the "
				+ "[cookbook](cookbook.md).\n\n");
		doc.append("<!-- Generated from the configuration metadata by ReferenceDocsGenerator; do not edit.\n")
			.append("     Regenerate with: ")
			.append(REGENERATE)
			.append(" -->\n");
		sections.forEach((section, properties) -> {
			if (!properties.isEmpty()) {
				appendSection(doc, metadata, section, properties);
			}
		});
		appendValues(doc, metadata);
		return doc.toString();
	}

	private static Section section(String name) {
		Section match = null;
		for (Section section : SECTIONS) {
			if (name.startsWith(section.prefix())
					&& (match == null || section.prefix().length() > match.prefix().length())) {
				match = section;
			}
		}
		return match;
	}

	private static void appendSection(StringBuilder doc, TokenStarterMetadata metadata, Section section,
			List<Property> properties) {
		doc.append("\n## ").append(section.title()).append("\n\n");
		doc.append(section.description()).append("\n\n");
		doc.append("| Key | Type | Default | Description |\n");
		doc.append("|---|---|---|---|\n");
		for (Property property : properties) {
			doc.append("| `")
				.append(key(property.name()))
				.append("` | `")
				.append(type(property.type()))
				.append("` | ")
				.append(defaultValue(property.defaultValue()))
				.append(" | ")
				.append(escape(property.description()))
				.append(values(metadata, property.name()))
				.append(" |\n");
		}
	}

	private static String values(TokenStarterMetadata metadata, String name) {
		List<Hint> hints = metadata.hints().get(name);
		if (hints == null) {
			return "";
		}
		String values = hints.stream().map((hint) -> "`" + hint.value() + "`").collect(Collectors.joining(", "));
		return metadata.isOpen(name) ? " For example " + values + "." : " One of " + values + ".";
	}

	/**
	 * Append the meaning of each enumerated value, once for keys that share the same values.
	 */
	private static void appendValues(StringBuilder doc, TokenStarterMetadata metadata) {
		Map<List<Hint>, List<String>> keysByValues = new LinkedHashMap<>();
		metadata.hints().forEach((name, hints) -> keysByValues.computeIfAbsent(hints, (key) -> new ArrayList<>())
			.add(name));
		doc.append("\n## Values\n\n");
		doc.append("What the enumerated values mean.\n");
		keysByValues.forEach((hints, names) -> {
			doc.append("\n### ")
				.append(names.stream()
					.map((name) -> "`" + name.substring(name.lastIndexOf('.') + 1) + "`")
					.distinct()
					.collect(Collectors.joining(", ")))
				.append("\n\n");
			doc.append("Keys: ")
				.append(names.stream().map((name) -> "`" + key(name) + "`").collect(Collectors.joining(", ")))
				.append(".\n\n");
			doc.append("| Value | Meaning |\n");
			doc.append("|---|---|\n");
			for (Hint hint : hints) {
				doc.append("| `").append(hint.value()).append("` | ").append(escape(hint.description())).append(" |\n");
			}
		});
	}

	private static String key(String name) {
		return name.replace(".*.", ".<id>.");
	}

	private static String type(String type) {
		return type.replaceAll("java\\.(lang|time|util)\\.", "").replace(",", ", ");
	}

	private static String defaultValue(JsonNode value) {
		if (value == null) {
			return "";
		}
		if (value.isArray()) {
			List<String> elements = new ArrayList<>();
			value.forEach((element) -> elements.add(element.asString()));
			return "`[" + String.join(", ", elements) + "]`";
		}
		return "`" + value.asString() + "`";
	}

	private static String escape(String text) {
		return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
	}

	private record Section(String title, String prefix, String description) {
	}

}
