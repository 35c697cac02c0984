package dev.tokenstarter.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * What a failure says about the token clients when one is asked for by an id that is none: the
 * configured ids, the closest of them, and the {@code token-starter.*} keys that look like a misspelled
 * {@code clients} map (such as {@code token-starter.client.demo-api.token.uri}).
 *
 * @author token-starter
 */
final class TokenClientIds {

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(TokenStarterKeys.PREFIX);

	private final Collection<String> ids;

	private final List<String> misspelledClients;

	private TokenClientIds(Collection<String> ids, List<String> misspelledClients) {
		this.ids = ids;
		this.misspelledClients = misspelledClients;
	}

	/**
	 * Return the client ids configured in an environment and the keys of misspelled client maps.
	 * @param environment the environment
	 * @return the ids
	 */
	static TokenClientIds of(Environment environment) {
		Collection<String> ids = Binder.get(environment)
			.bind(TokenStarterKeys.PREFIX + ".clients", Bindable.mapOf(String.class, Object.class))
			.map((clients) -> (Collection<String>) clients.keySet())
			.orElse(Set.of());
		List<String> misspelled = new ArrayList<>();
		TokenStarterKeys keys = TokenStarterKeys.of();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.filter(ROOT::isAncestorOf).forEach((name) -> {
					List<String> elements = TokenStarterKeys.elements(name);
					String closest = keys.isKnown(elements) ? null : keys.closest(elements);
					if (!"clients".equals(elements.get(0)) && closest != null && closest.startsWith("clients.")
							&& !misspelled.contains(name.toString())) {
						misspelled.add(name.toString());
					}
				});
			}
		}
		return new TokenClientIds(ids, misspelled);
	}

	/**
	 * Return ids of a given list, for a failure that does not read the environment.
	 * @param ids the configured ids
	 * @return the ids
	 */
	static TokenClientIds of(Collection<String> ids) {
		return new TokenClientIds(ids, List.of());
	}

	Collection<String> ids() {
		return this.ids;
	}

	List<String> misspelledClients() {
		return this.misspelledClients;
	}

	/**
	 * Return the configured id closest to one that is none, or {@code null} when none is close: one that
	 * differs only in case and separators, or by at most two characters.
	 * @param id the id asked for
	 * @return the closest id, or {@code null}
	 */
	@Nullable String closest(String id) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : this.ids) {
			int distance = normalized(candidate).equals(normalized(id)) ? 0
					: TokenStarterKeys.distance(candidate, id);
			if (distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		return (bestDistance <= Math.min(2, id.length() / 3)) ? best : null;
	}

	/**
	 * Return the sentences that describe the configured clients, the closest to the id asked for, and
	 * misspelled client maps.
	 * @param id the id asked for
	 * @return the description
	 */
	String describe(String id) {
		StringBuilder description = new StringBuilder();
		if (this.ids.isEmpty()) {
			description.append("No token client is configured under " + TokenStarterKeys.PREFIX + ".clients.");
		}
		else {
			description.append("Configured token clients: " + String.join(", ", this.ids) + ".");
			String closest = closest(id);
			if (closest != null) {
				description.append(" Did you mean '" + closest + "'?");
			}
		}
		if (!this.misspelledClients.isEmpty()) {
			description.append(" " + String.join(", ", this.misspelledClients)
					+ (this.misspelledClients.size() == 1 ? " looks" : " look") + " like a misspelling of "
					+ TokenStarterKeys.PREFIX + ".clients.");
		}
		return description.toString();
	}

	/**
	 * Return how to fix a reference to an id that is none.
	 * @param id the id asked for
	 * @param reference how the id is written where it is asked for, such as {@code @TokenClient("%s")}
	 * @return the action
	 */
	String action(String id, String reference) {
		if (!this.misspelledClients.isEmpty()) {
			return "Configure the clients under " + TokenStarterKeys.PREFIX + ".clients.<id>, such as "
					+ TokenStarterKeys.PREFIX + ".clients." + id + ".token.uri.";
		}
		String closest = closest(id);
		if (closest != null) {
			return "Write " + String.format(reference, closest) + ", or configure a client under "
					+ TokenClientDefinitionMapper.clientKey(id) + ".";
		}
		return "Configure a client under " + TokenClientDefinitionMapper.clientKey(id) + ", or name one of "
				+ (this.ids.isEmpty() ? "the configured clients" : String.join(", ", this.ids)) + ".";
	}

	/**
	 * Return an id in lower case without separators, so that {@code demo_api} and {@code Demo-API} are one.
	 */
	static String normalized(String id) {
		return id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
	}

}
