package dev.tokenstarter.samples.customers;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tokenstarter.test.TokenEndpointStub;
import dev.tokenstarter.test.TokenEndpointStub.RecordedTokenRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Customers} with the token endpoint stubbed on loopback: the service's calls make the
 * token request of {@code application.yml}, once, and carry the token it returned.
 */
@SpringBootTest(properties = { "token-starter.clients.mention-me.client-id=test-client",
		"token-starter.clients.mention-me.client-secret=test-secret" })
class CustomersTokenRequestTests {

	@RegisterExtension
	static final LoopbackApi api = new LoopbackApi();

	@RegisterExtension
	static final TokenEndpointStub tokenEndpoint = new TokenEndpointStub();

	@Autowired
	Customers customers;

	@DynamicPropertySource
	static void mentionMe(DynamicPropertyRegistry registry) {
		registry.add("token-starter.clients.mention-me.base-url", api::baseUrl);
		registry.add("token-starter.clients.mention-me.token.uri", tokenEndpoint::uri);
	}

	@Test
	void namesWhenCalledTwiceThenOneTokenRequestWithConfiguredJsonBodyAndItsTokenOnEveryCall() {
		assertThat(this.customers.names()).containsExactly("Ada Lovelace", "Alan Turing");
		assertThat(this.customers.names()).hasSize(2);
		assertThat(tokenEndpoint.requests()).hasSize(1);
		RecordedTokenRequest request = tokenEndpoint.lastRequest();
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.header("Content-Type")).startsWith("application/json");
		assertThat((String) JsonPath.read(request.body(), "$.client_id")).isEqualTo("test-client");
		assertThat((String) JsonPath.read(request.body(), "$.client_secret")).isEqualTo("test-secret");
		assertThat((String) JsonPath.read(request.body(), "$.grant_type")).isEqualTo("client_credentials");
		assertThat(api.authorizations()).containsExactly("Bearer stub-token-1", "Bearer stub-token-1");
	}

}
