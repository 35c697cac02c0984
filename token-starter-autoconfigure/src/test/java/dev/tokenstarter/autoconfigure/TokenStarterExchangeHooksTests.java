package dev.tokenstarter.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.annotation.TokenClient;
import dev.tokenstarter.autoconfigure.LoopbackServer.RecordedRequest;
import dev.tokenstarter.core.request.TokenRequestCustomizer;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.response.TokenResponse;
import dev.tokenstarter.core.response.TokenResponseReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the per-client code hooks, {@link TokenRequestCustomizer} and {@link TokenResponseReader}
 * beans selected with {@code @TokenClient}, through both stacks.
 *
 * @author token-starter
 */
class TokenStarterExchangeHooksTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String SIGNING_KEY = "hook-signing-key";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenStarterAutoConfiguration.class));

	private LoopbackServer server;

	@BeforeEach
	void startServer() throws Exception {
		this.server = LoopbackServer.start();
		this.server.onJson("/api/items", 200, "{\"items\":[1,2]}");
		this.server.onJson("/signed/token", 200, "{\"access_token\":\"signed-at\",\"expires_in\":3600}");
		this.server.on("/plain/token", (request) -> new LoopbackServer.Reply(200, "text/plain",
				"TOKEN plain-at EXPIRES 3600"));
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void hooksWhenQualifiedBeansThenEachClientsRequestSignedAndResponseReadOnBothStacks() {
		this.contextRunner.withUserConfiguration(Hooks.class)
			.withPropertyValues(client("signed"))
			.withPropertyValues(client("plain"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				for (String client : List.of("signed", "plain")) {
					RestClient restClient = context.getBean(client + "RestClient", RestClient.class);
					WebClient webClient = context.getBean(client + "WebClient", WebClient.class);
					assertThat(restClient.get().uri("/api/items").retrieve().body(String.class)).contains("items");
					StepVerifier.create(webClient.get().uri("/api/items").retrieve().bodyToMono(String.class))
						.assertNext((body) -> assertThat(body).contains("items"))
						.expectComplete()
						.verify(TIMEOUT);
				}
				List<RecordedRequest> signed = this.server.requests("/signed/token");
				assertThat(signed).hasSize(1);
				assertThat(signed.get(0).body()).isEqualTo("{\"client\":\"signed\"}");
				assertThat(signed.get(0).header("X-Signature")).isEqualTo(hmac("{\"client\":\"signed\"}"));
				List<RecordedRequest> plain = this.server.requests("/plain/token");
				assertThat(plain).hasSize(1);
				assertThat(plain.get(0).header("X-Signature")).isNull();
				assertThat(this.server.requests("/api/items")).extracting((request) -> request.header("Authorization"))
					.containsExactlyInAnyOrder("Bearer signed-at", "Bearer signed-at", "Bearer plain-at",
							"Bearer plain-at");
			});
	}

	@Test
	void hooksWhenBeanHasNoTokenClientQualifierThenStartupFailsNamingTheBean() {
		this.contextRunner.withPropertyValues(client("plain"))
			.withBean("unqualifiedReader", TokenResponseReader.class, () -> (response) -> null)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("TokenResponseReader bean 'unqualifiedReader' names no client"));
	}

	@Test
	void hooksWhenQualifierNamesUnknownClientThenStartupFailsNamingTheClient() {
		this.contextRunner.withUserConfiguration(Hooks.class)
			.withPropertyValues(client("plain"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("is for client 'signed', which is not configured under token-starter.clients"));
	}

	private String[] client(String id) {
		String p = "token-starter.clients." + id + ".";
		return new String[] { p + "grant=client-credentials", p + "client-id=" + id, p + "client-secret=s3cret",
				p + "base-url=" + this.server.baseUrl(), p + "token.uri=" + this.server.url("/" + id + "/token"),
				p + "token.body.client={client-id}" };
	}

	static String hmac(String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Hooks {

		@Bean
		@TokenClient("signed")
		TokenRequestCustomizer signedRequests() {
			return (request) -> {
				request.headers().set("X-Signature", hmac(new String(request.body(), StandardCharsets.UTF_8)));
				return request;
			};
		}

		@Bean
		@TokenClient("plain")
		TokenResponseReader plainResponses() {
			return (response) -> {
				String[] words = new String(response.body(), StandardCharsets.UTF_8).split(" ");
				if (response.statusCode() != 200 || words.length != 4 || !words[0].equals("TOKEN")) {
					throw new TokenEndpointException(response.registrationId(), response.statusCode(),
							TokenEndpointException.INVALID_TOKEN_RESPONSE, "Token endpoint of client '"
									+ response.registrationId() + "' answered without TOKEN ... EXPIRES ...",
							false, null);
				}
				return new TokenResponse(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, words[1],
						response.receivedAt(), response.receivedAt().plusSeconds(Long.parseLong(words[3]))), null);
			};
		}

	}

}
