package dev.tokenstarter.autoconfigure.actuate;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.ApplicationContext;
import org.springframework.web.client.RestClient;

import dev.tokenstarter.samples.emulator.Credentials;
import dev.tokenstarter.samples.emulator.ProviderEmulator;
import dev.tokenstarter.samples.emulator.Providers;

/**
 * Token clients of the Actuator tests, against the emulated Mention Me API (seed 002): {@code mention-me}
 * with a budget of 10 token requests a day, and {@code idle}, a second client of the same API that the
 * tests never use.
 *
 * @author token-starter
 */
final class EmulatedClients {

	static final String MENTION_ME = Providers.MENTION_ME;

	private EmulatedClients() {
	}

	/**
	 * Return the properties of both clients.
	 * @param emulator the running emulator
	 * @param clientSecret the client secret of {@code mention-me}
	 */
	static String[] properties(ProviderEmulator emulator, String clientSecret) {
		List<String> properties = new ArrayList<>(client(emulator, MENTION_ME, clientSecret));
		properties.add("token-starter.clients.mention-me.lifecycle.budget.limit=10");
		properties.add("token-starter.clients.mention-me.lifecycle.budget.period=1d");
		properties.add("token-starter.clients.mention-me.lifecycle.retry.initial-backoff=10ms");
		properties.addAll(client(emulator, "idle", Credentials.MENTION_ME_CLIENT_SECRET));
		return properties.toArray(String[]::new);
	}

	/**
	 * Return the properties of both clients, with the right secret.
	 * @param emulator the running emulator
	 */
	static String[] properties(ProviderEmulator emulator) {
		return properties(emulator, Credentials.MENTION_ME_CLIENT_SECRET);
	}

	private static List<String> client(ProviderEmulator emulator, String id, String clientSecret) {
		String p = "token-starter.clients." + id + ".";
		String base = emulator.baseUrl() + "/mention-me";
		return List.of(p + "grant=client-credentials", p + "client-id=" + Credentials.MENTION_ME_CLIENT_ID,
				p + "client-secret=" + clientSecret, p + "base-url=" + base,
				p + "token.uri=" + base + "/api/oauth/token",
				p + "token.body.client_id={client-id}", p + "token.body.client_secret={client-secret}",
				p + "token.body.grant_type=client_credentials");
	}

	/**
	 * Call the protected API through the {@code mention-me} RestClient bean.
	 */
	static String call(ApplicationContext context) {
		return context.getBean("mentionMeRestClient", RestClient.class)
			.get()
			.uri("/api/v2/customers")
			.retrieve()
			.body(String.class);
	}

}
