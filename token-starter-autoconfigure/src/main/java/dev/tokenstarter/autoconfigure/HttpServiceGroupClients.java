package dev.tokenstarter.autoconfigure;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.oauth2.client.annotation.ClientRegistrationId;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.service.registry.HttpServiceGroup;

/**
 * Checks that an HTTP service group refers to token clients by their ids: a group named like a token
 * client but not exactly (such as {@code demo_api} for {@code demo-api}) would get no tokens, and a
 * {@code @ClientRegistrationId} a character or two away from a token client's id is taken for a typo.
 * An id far from every token client's is left alone: it may be one of Spring Security's registrations.
 *
 * @author token-starter
 */
final class HttpServiceGroupClients {

	private static final String PROPERTY = TokenStarterKeys.PREFIX + ".clients";

	private HttpServiceGroupClients() {
	}

	/**
	 * Check a group.
	 * @param group the group
	 * @param ids the token client ids
	 * @throws TokenStarterConfigurationException when the group names a token client wrongly
	 */
	static void check(HttpServiceGroup group, Collection<String> ids) {
		TokenClientIds clients = TokenClientIds.of(ids);
		String name = group.name();
		String closest = clients.closest(name);
		if (!ids.contains(name) && closest != null && TokenClientIds.normalized(closest).equals(TokenClientIds.normalized(name))) {
			throw new TokenStarterConfigurationException("HTTP service group '" + name + "' is named like token client '"
					+ closest + "' but is not it, so its calls would get no tokens. " + clients.describe(name),
					PROPERTY, "Name the group '" + closest + "' (@ImportHttpServices(group = \"" + closest
							+ "\", ...)), or rename the token client.");
		}
		for (Class<?> type : group.httpServiceTypes()) {
			List<AnnotatedElement> elements = new ArrayList<>(List.of(type));
			elements.addAll(List.of(ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)));
			for (AnnotatedElement element : elements) {
				ClientRegistrationId annotation = AnnotatedElementUtils.findMergedAnnotation(element,
						ClientRegistrationId.class);
				if (annotation == null || ids.contains(annotation.registrationId())) {
					continue;
				}
				String id = annotation.registrationId();
				String near = clients.closest(id);
				if (near != null) {
					String where = (element instanceof Method method) ? type.getName() + "." + method.getName() + "()"
							: type.getName();
					throw new TokenStarterConfigurationException("HTTP service group '" + name + "': " + where
							+ " has @ClientRegistrationId(\"" + id + "\"), which is no token client. "
							+ clients.describe(id), PROPERTY,
							"Write @ClientRegistrationId(\"" + near + "\"), or configure a client under "
									+ TokenClientDefinitionMapper.clientKey(id) + ".");
				}
			}
		}
	}

}
