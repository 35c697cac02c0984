package dev.tokenstarter.samples.customers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tokenstarter.test.FixedToken;
import dev.tokenstarter.test.TokenEndpointStub;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Customers} with a fixed token: the service is tested against a loopback API without
 * any token endpoint. The client's token URI points at a stub only to show that nothing asks it.
 */
@SpringBootTest
@FixedToken(client = "mention-me", value = "test-token")
class CustomersTests {

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
	void namesWhenApiAnswersThenCustomerNamesWithFixedTokenAttached() {
		assertThat(this.customers.names()).containsExactly("Ada Lovelace", "Alan Turing");
		assertThat(api.authorizations()).isNotEmpty().allMatch("Bearer test-token"::equals);
		assertThat(tokenEndpoint.requests()).isEmpty();
	}

}
