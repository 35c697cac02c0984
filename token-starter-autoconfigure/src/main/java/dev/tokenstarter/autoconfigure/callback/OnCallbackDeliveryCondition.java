package dev.tokenstarter.autoconfigure.callback;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.tokenstarter.autoconfigure.TokenStarterProperties.Client;
import dev.tokenstarter.autoconfigure.TokenStarterProperties.Endpoint;

/**
 * Matches when some client of {@code token-starter.clients} has its token or refresh delivery set to
 * callback.
 *
 * @author token-starter
 */
class OnCallbackDeliveryCondition extends SpringBootCondition {

	private static final Bindable<Map<String, Client>> CLIENTS = Bindable.mapOf(String.class, Client.class);

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("Token delivery by callback");
		Map<String, Client> clients = Binder.get(context.getEnvironment())
			.bind("token-starter.clients", CLIENTS)
			.orElse(Map.of());
		List<String> callbackClients = clients.entrySet()
			.stream()
			.filter((entry) -> isCallback(entry.getValue().getToken()) || isCallback(entry.getValue().getRefresh()))
			.map(Map.Entry::getKey)
			.toList();
		if (callbackClients.isEmpty()) {
			return ConditionOutcome.noMatch(message.didNotFind("token client with delivery callback").atAll());
		}
		return ConditionOutcome.match(message.found("token client", "token clients").items(callbackClients));
	}

	private static boolean isCallback(Endpoint endpoint) {
		return endpoint.getDelivery() != null
				&& "callback".equals(endpoint.getDelivery().trim().toLowerCase(Locale.ROOT));
	}

}
