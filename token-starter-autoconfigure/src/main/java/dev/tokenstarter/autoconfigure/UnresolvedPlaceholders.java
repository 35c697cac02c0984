package dev.tokenstarter.autoconfigure;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Finds the {@code token-starter.*} values that still hold a {@code ${...}} placeholder that the
 * environment cannot resolve, such as {@code client-secret: ${DEMO_CLIENT_SECRET}} with the variable
 * unset, which Spring leaves in the value as it is. The rule: a placeholder is unresolved when the
 * resolver that Spring Boot binds with finds no property of its name; one with a default
 * ({@code ${NAME:default}}) or one escaped as {@code \${NAME}} (a literal {@code ${NAME}}) is not. The
 * failure names the placeholder, never the value, which may be a secret; and, unlike the environment's
 * resolver, Boot's does not log the placeholders (with their defaults) it looks up.
 *
 * @author token-starter
 */
final class UnresolvedPlaceholders {

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(TokenStarterKeys.PREFIX);

	/**
	 * A placeholder that is not escaped: its name, and the colon of its default if it has one.
	 */
	private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\\\)\\$\\{([^}:${]+)(:?)");

	private final Environment environment;

	private final PlaceholdersResolver placeholders;

	UnresolvedPlaceholders(Environment environment) {
		this.environment = environment;
		this.placeholders = new PropertySourcesPlaceholdersResolver(environment);
	}

	/**
	 * Return a failure for each value with an unresolved placeholder.
	 * @return the failures, empty when every placeholder resolves
	 */
	List<TokenStarterConfigurationException> failures() {
		Map<ConfigurationPropertyName, Object> values = new LinkedHashMap<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			iterable.filter(ROOT::isAncestorOf).forEach((name) -> {
				if (!values.containsKey(name)) {
					ConfigurationProperty property = source.getConfigurationProperty(name);
					if (property != null && property.getValue() != null) {
						values.put(name, property.getValue());
					}
				}
			});
		}
		return values.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() instanceof String text && text.contains("${"))
			.map((entry) -> failure(entry.getKey(), (String) entry.getValue()))
			.filter(Objects::nonNull)
			.toList();
	}

	private @Nullable TokenStarterConfigurationException failure(ConfigurationPropertyName name, String value) {
		Set<String> unresolved = new LinkedHashSet<>();
		Matcher matcher = PLACEHOLDER.matcher(value);
		while (matcher.find()) {
			String placeholder = "${" + matcher.group(1) + "}";
			if (matcher.group(2).isEmpty() && placeholder.equals(this.placeholders.resolvePlaceholders(placeholder))) {
				unresolved.add(matcher.group(1));
			}
		}
		if (unresolved.isEmpty()) {
			return null;
		}
		String names = String.join(", ", unresolved.stream().map((placeholder) -> "${" + placeholder + "}").toList());
		String property = name.toString();
		String problem = "holds " + names + ", which cannot be resolved";
		String variables = String.join(", ", unresolved);
		String action = "Set the environment variable or property " + variables + ", give the placeholder a "
				+ "default such as ${NAME:value}, or write \\${ for a literal ${ in the value.";
		List<String> elements = TokenStarterKeys.elements(name);
		if (elements.size() > 2 && "clients".equals(elements.get(0))) {
			return new InvalidTokenClientConfigurationException(elements.get(1), property, problem, action);
		}
		return new TokenStarterConfigurationException(property + " " + problem + ".", property, action);
	}

}
