package dev.tokenstarter.autoconfigure;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import org.springframework.beans.factory.ListableBeanFactory;

import dev.tokenstarter.annotation.TokenClient;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.request.TokenRequestCustomizer;
import dev.tokenstarter.core.response.TokenResponseReader;

/**
 * Finds the {@link TokenRequestCustomizer} and {@link TokenResponseReader} beans of the application and
 * the client each is for, by its {@code @TokenClient("id")} qualifier on the bean method or class. The
 * bean factory keeps the factory method of a bean processed ahead of time, so the qualifier is found
 * after {@code process-aot} too.
 *
 * @author token-starter
 */
final class ExchangeHookBeans {

	private ExchangeHookBeans() {
	}

	/**
	 * Hand each hook bean to the builder, for its client.
	 * @throws IllegalStateException when a hook bean has no {@code @TokenClient}, names a client that is
	 * not configured, or a client has two hooks of a kind
	 */
	static void apply(ListableBeanFactory beanFactory, TokenClientDefinitions definitions,
			TokenStarterClients.Builder builder) {
		forEachClient(beanFactory, definitions, TokenRequestCustomizer.class, builder::requestCustomizer);
		forEachClient(beanFactory, definitions, TokenResponseReader.class, builder::responseReader);
	}

	private static <T> void forEachClient(ListableBeanFactory beanFactory, TokenClientDefinitions definitions,
			Class<T> type, BiConsumer<String, T> consumer) {
		Map<String, String> beanNames = new HashMap<>();
		for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
			TokenClient client = beanFactory.findAnnotationOnBean(name, TokenClient.class);
			String kind = type.getSimpleName();
			if (client == null) {
				throw new IllegalStateException("The " + kind + " bean '" + name + "' names no client: annotate it"
						+ " with @TokenClient(\"id\"), id being the client's key under token-starter.clients");
			}
			String id = client.value();
			if (definitions.find(id) == null) {
				throw new IllegalStateException("The " + kind + " bean '" + name + "' is for client '" + id
						+ "', which is not configured under token-starter.clients");
			}
			String previous = beanNames.putIfAbsent(id, name);
			if (previous != null) {
				throw new IllegalStateException("Client '" + id + "' has two " + kind + " beans, '" + previous
						+ "' and '" + name + "'; keep one");
			}
			consumer.accept(id, beanFactory.getBean(name, type));
		}
	}

}
