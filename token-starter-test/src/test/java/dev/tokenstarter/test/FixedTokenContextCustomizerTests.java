package dev.tokenstarter.test;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import dev.tokenstarter.core.store.TokenStore;
import dev.tokenstarter.test.TokenEndpointStub.RecordedTokenRequest;
import dev.tokenstarter.test.TokenEndpointStub.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FixedTokenContextCustomizer}: an application with two token-starter clients, one of
 * them given a fixed token, calling an API on loopback (a second stub, answering JSON to every call).
 */
@SpringBootTest(classes = FixedTokenContextCustomizerTests.Application.class,
		webEnvironment = SpringBootTest.WebEnvironment.NONE)
@FixedToken(client = "fixed", value = "fixed-8c1d")
class FixedTokenContextCustomizerTests {

	@RegisterExtension
	static final TokenEndpointStub tokenEndpoint = new TokenEndpointStub();

	@RegisterExtension
	static final TokenEndpointStub api = new TokenEndpointStub().respond(Reply.json(200, "{\"items\":[]}"));

	@Autowired
	@Qualifier("fixed")
	RestClient fixed;

	@Autowired
	@Qualifier("fetched")
	RestClient fetched;

	@Autowired
	TokenStore tokenStore;

	@DynamicPropertySource
	static void clients(DynamicPropertyRegistry registry) {
		for (String client : new String[] { "fixed", "fetched" }) {
			String prefix = "token-starter.clients." + client + ".";
			registry.add(prefix + "grant", () -> "client-credentials");
			registry.add(prefix + "client-id", () -> client + "-id");
			registry.add(prefix + "client-secret", () -> client + "-secret");
			registry.add(prefix + "base-url", api::baseUri);
			registry.add(prefix + "token.uri", () -> tokenEndpoint.baseUri() + "/" + client);
		}
	}

	@Test
	void restClientWhenClientHasFixedTokenThenAttachedWithoutAnyTokenRequest() {
		String body = this.fixed.get().uri("/items").retrieve().body(String.class);
		assertThat(body).isEqualTo("{\"items\":[]}");
		assertThat(api.lastRequest().header("Authorization")).isEqualTo("Bearer fixed-8c1d");
		assertThat(tokenEndpoint.requests()).extracting(RecordedTokenRequest::path).doesNotContain("/fixed");
	}

	@Test
	void restClientWhenOtherClientThenTokenFetchedFromItsEndpoint() {
		this.fetched.get().uri("/items").retrieve().toBodilessEntity();
		assertThat(tokenEndpoint.requests()).extracting(RecordedTokenRequest::path).containsExactly("/fetched");
		assertThat(api.lastRequest().header("Authorization")).startsWith("Bearer stub-token-");
	}

	@Test
	void tokenStoreWhenTokenFixedThenApplicationStoreWrapped() {
		assertThat(this.tokenStore).isInstanceOfSatisfying(FixedTokenStore.class,
				(store) -> assertThat(store.getFixedClients()).containsExactly("fixed"));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
