package dev.tokenstarter.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import dev.tokenstarter.autoconfigure.TokenStarterProperties.Client;
import dev.tokenstarter.autoconfigure.TokenStarterProperties.Endpoint;

/**
 * Finds the {@code token-starter.*} keys that nothing binds, each with the closest key that would bind,
 * and the settings that contradict each other (one that is ignored because of another). Which keys bind
 * is Spring Boot's binder's answer ({@link NoUnboundElementsBindHandler}), so that every property
 * group is known without a list to keep; the entries of map-valued keys (such as {@code token.body} or
 * {@code parameters}) are all bound. Like Boot's own strict binding, it looks at the keys of property
 * files and other named sources, not at environment variables and system properties, which hold
 * settings of other programs too.
 *
 * @author token-starter
 */
final class StrictConfiguration {

	private final Environment environment;

	private final TokenStarterKeys keys;

	StrictConfiguration(Environment environment) {
		this(environment, TokenStarterKeys.of());
	}

	StrictConfiguration(Environment environment, TokenStarterKeys keys) {
		this.environment = environment;
		this.keys = keys;
	}

	/**
	 * Return the unknown keys, then the contradicting settings.
	 * @return the failures, empty when the configuration is clean
	 */
	List<TokenStarterConfigurationException> failures() {
		List<TokenStarterConfigurationException> failures = new ArrayList<>(unknownKeys());
		Binder.get(this.environment)
			.bind(TokenStarterKeys.PREFIX, TokenStarterProperties.class)
			.ifBound((properties) -> failures.addAll(contradictions(properties)));
		return failures;
	}

	private List<TokenStarterConfigurationException> unknownKeys() {
		List<TokenStarterConfigurationException> failures = new ArrayList<>();
		try {
			Binder.get(this.environment)
				.bind(TokenStarterKeys.PREFIX, Bindable.of(TokenStarterProperties.class),
						new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
		}
		catch (BindException ex) {
			if (!(ex.getCause() instanceof UnboundConfigurationPropertiesException unbound)) {
				// Boot reports a value that does not convert when it binds the properties.
				return failures;
			}
			for (ConfigurationProperty property : unbound.getUnboundProperties()) {
				failures.add(unknownKey(property.getName()));
			}
		}
		return failures;
	}

	private TokenStarterConfigurationException unknownKey(ConfigurationPropertyName name) {
		List<String> elements = TokenStarterKeys.elements(name);
		String closest = this.keys.closest(elements);
		String clientId = clientId(elements);
		String property = name.toString();
		String skip = "; or set " + TokenStarterKeys.PREFIX
				+ ".strict-configuration=false to only warn of unknown keys (for property files shared across versions).";
		if (closest == null) {
			String problem = "is not a known key";
			String action = "Remove it or correct it, see the configuration reference (docs/reference.md)" + skip;
			return (clientId != null) ? new InvalidTokenClientConfigurationException(clientId, property, problem, action)
					: new TokenStarterConfigurationException(property + " " + problem + ".", property, action);
		}
		String full = TokenStarterKeys.PREFIX + "." + closest;
		String clientPrefix = "clients." + clientId + ".";
		String shown = (clientId != null && closest.startsWith(clientPrefix)) ? closest.substring(clientPrefix.length())
				: full;
		String problem = "is not a known key; did you mean " + shown + "?";
		String action = "Rename it to " + full + skip;
		return (clientId != null) ? new InvalidTokenClientConfigurationException(clientId, property, problem, action)
				: new TokenStarterConfigurationException(property + " " + problem, property, action);
	}

	private static @Nullable String clientId(List<String> elements) {
		return (elements.size() > 2 && "clients".equals(elements.get(0))) ? elements.get(1) : null;
	}

	private List<TokenStarterConfigurationException> contradictions(TokenStarterProperties properties) {
		List<TokenStarterConfigurationException> failures = new ArrayList<>();
		properties.getClients().forEach((id, client) -> contradictions(id, client, failures));
		String type = properties.getStore().getType().trim().toLowerCase(Locale.ROOT);
		for (String store : List.of("jdbc", "redis")) {
			String key = TokenStarterKeys.PREFIX + ".store." + store;
			if (!store.equals(type) && isSet(key)) {
				failures.add(new TokenStarterConfigurationException(
						key + ".* is set but " + TokenStarterKeys.PREFIX + ".store.type is '" + type + "', so it is ignored.",
						key, "Set " + TokenStarterKeys.PREFIX + ".store.type=" + store + ", or remove " + key + ".*."));
			}
		}
		return failures;
	}

	private void contradictions(String id, Client client, List<TokenStarterConfigurationException> failures) {
		String prefix = TokenClientDefinitionMapper.clientKey(id) + ".";
		String queryParameter = prefix + "attach.query-parameter";
		if (StringUtils.hasText(client.getAttach().getQueryParameter())) {
			for (String ignored : List.of("attach.header", "attach.scheme")) {
				if (isSet(prefix + ignored)) {
					failures.add(new InvalidTokenClientConfigurationException(id, prefix + ignored,
							"is ignored because " + queryParameter + " is set",
							"Remove " + prefix + ignored + " to send the token in the query, or remove " + queryParameter
									+ " to send it in a header."));
				}
			}
		}
		callbackTimeout(id, prefix + "token", client.getToken(), failures);
		callbackTimeout(id, prefix + "refresh", client.getRefresh(), failures);
		String refresh = prefix + "refresh";
		if (!StringUtils.hasText(client.getRefresh().getUri()) && isSet(refresh)) {
			failures.add(new InvalidTokenClientConfigurationException(id, refresh + ".uri",
					"is not set, so the other " + refresh + ".* keys are ignored",
					"Set " + refresh + ".uri to the refresh endpoint's URI, or remove the " + refresh
							+ ".* keys to get new tokens from the token endpoint."));
		}
		String budget = prefix + "lifecycle.budget";
		if (client.getLifecycle().getBudget().getLimit() == null && isSet(budget + ".period")) {
			failures.add(new InvalidTokenClientConfigurationException(id, budget + ".period",
					"is ignored because " + budget + ".limit is not set",
					"Set " + budget + ".limit to the number of tokens the API issues per period, or remove " + budget
							+ ".period."));
		}
	}

	private void callbackTimeout(String id, String endpointKey, Endpoint endpoint,
			List<TokenStarterConfigurationException> failures) {
		String key = endpointKey + ".callback-timeout";
		boolean callback = endpoint.getDelivery() != null && "callback".equalsIgnoreCase(endpoint.getDelivery().trim());
		if (!callback && isSet(key)) {
			failures.add(new InvalidTokenClientConfigurationException(id, key,
					"is ignored because " + endpointKey + ".delivery is not callback",
					"Set " + endpointKey + ".delivery=callback, or remove " + key + "."));
		}
	}

	/**
	 * Whether a key, or a key below it, is set in any source of the environment.
	 */
	private boolean isSet(String key) {
		ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(key);
		if (name == null) {
			return false;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (source.getConfigurationProperty(name) != null
					|| source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT) {
				return true;
			}
		}
		return false;
	}

}
