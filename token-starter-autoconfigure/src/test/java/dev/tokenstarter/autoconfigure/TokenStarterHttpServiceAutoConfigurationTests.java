package dev.tokenstarter.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.service.ReactiveHttpServiceClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.annotation.ClientRegistrationId;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.registry.HttpServiceGroup.ClientType;
import org.springframework.web.service.registry.ImportHttpServices;

import dev.tokenstarter.autoconfigure.LoopbackServer.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenStarterHttpServiceAutoConfiguration}: HTTP service interfaces bound to token
 * clients by group name and by {@code @ClientRegistrationId}, called against a loopback server. Client
 * {@code memories} attaches the bare token in {@code Authorization}, client {@code tokens-make} sends it
 * as query parameter {@code access_token}.
 */
class TokenStarterHttpServiceAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TokenStarterAutoConfiguration.class, TokenStarterHttpServiceAutoConfiguration.class));

	private LoopbackServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = LoopbackServer.start();
		this.server.onJson("/memories/token", 200, "{\"access_token\":\"memories-1\",\"expires_in\":3600}");
		this.server.onJson("/make/token", 200, "{\"access_token\":\"make-1\",\"expires_in\":3600}");
		this.server.onJson("/memories/api/videos", 200, "[\"video\"]");
		this.server.onJson("/elsewhere/api/videos", 200, "[\"video\"]");
		this.server.onJson("/make/api/account", 200, "{\"account\":1}");
		this.server.onJson("/public/status", 200, "{\"up\":true}");
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void restClientGroupWhenNamedAfterClientThenClientsBaseUrlAndTokenStyle() {
		this.contextRunner.withPropertyValues(clients())
			.withUserConfiguration(MemoriesGroupConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(TokenStarterRestClientHttpServiceGroupConfigurer.class);
				assertThat(context.getBean(VideosApi.class).list()).contains("video");
				assertThat(context.getBean(VideosApi.class).list()).contains("video");
				assertMemoriesStyle(this.server.requests("/memories/api/videos"), 2);
				assertThat(this.server.requests("/memories/token")).hasSize(1);
				assertThat(this.server.requests("/make/token")).isEmpty();
			});
	}

	@Test
	void restClientGroupWhenClientRegistrationIdOnMethodThenThatClientsTokenOnThatMethodOnly() {
		this.contextRunner.withPropertyValues(clients())
			.withUserConfiguration(CatalogGroupConfiguration.class)
			.run((context) -> {
				CatalogApi catalog = context.getBean(CatalogApi.class);
				assertThat(catalog.account()).contains("account");
				assertThat(catalog.status()).contains("up");
				assertTokensMakeStyle(this.server.requests("/make/api/account"), 1);
				RecordedRequest status = this.server.requests("/public/status").get(0);
				assertThat(status.header("Authorization")).isNull();
				assertThat(status.query()).isNull();
				assertThat(this.server.requests("/memories/token")).isEmpty();
			});
	}

	@Test
	void restClientGroupWhenClientRegistrationIdOnTypeThenThatClientsTokenOnEveryMethod() {
		this.contextRunner.withPropertyValues(clients())
			.withUserConfiguration(CatalogGroupConfiguration.class)
			.run((context) -> {
				assertThat(context.getBean(MemoriesByTypeApi.class).videos()).contains("video");
				assertMemoriesStyle(this.server.requests("/memories/api/videos"), 1);
			});
	}

	@Test
	void restClientGroupWhenBootSetsGroupBaseUrlThenBootsWinsAndTokenStillAttached() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(HttpServiceClientPropertiesAutoConfiguration.class,
					HttpServiceClientAutoConfiguration.class))
			.withPropertyValues(clients())
			.withPropertyValues("spring.http.serviceclient.memories.base-url=" + this.server.url("/elsewhere"))
			.withUserConfiguration(MemoriesGroupConfiguration.class)
			.run((context) -> {
				assertThat(context.getBean(VideosApi.class).list()).contains("video");
				assertThat(this.server.requests("/memories/api/videos")).isEmpty();
				assertMemoriesStyle(this.server.requests("/elsewhere/api/videos"), 1);
			});
	}

	@Test
	void webClientGroupWhenNamedAfterClientThenClientsBaseUrlAndTokenStyle() {
		this.contextRunner.withPropertyValues(clients())
			.withUserConfiguration(ReactiveGroupsConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(TokenStarterWebClientHttpServiceGroupConfigurer.class);
				StepVerifier.create(context.getBean(ReactiveVideosApi.class).list())
					.assertNext((body) -> assertThat(body).contains("video"))
					.expectComplete()
					.verify(TIMEOUT);
				assertMemoriesStyle(this.server.requests("/memories/api/videos"), 1);
			});
	}

	@Test
	void webClientGroupWhenClientRegistrationIdThenThatClientsTokenOnAnnotatedMethodsOnly() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(HttpServiceClientPropertiesAutoConfiguration.class,
					ReactiveHttpServiceClientAutoConfiguration.class))
			.withPropertyValues(clients())
			.withPropertyValues("spring.http.serviceclient.reactive-catalog.base-url=" + this.server.baseUrl())
			.withUserConfiguration(ReactiveGroupsConfiguration.class)
			.run((context) -> {
				ReactiveCatalogApi catalog = context.getBean(ReactiveCatalogApi.class);
				StepVerifier.create(catalog.account().then(catalog.status()))
					.assertNext((body) -> assertThat(body).contains("up"))
					.expectComplete()
					.verify(TIMEOUT);
				assertTokensMakeStyle(this.server.requests("/make/api/account"), 1);
				RecordedRequest status = this.server.requests("/public/status").get(0);
				assertThat(status.header("Authorization")).isNull();
				assertThat(status.query()).isNull();
			});
	}

	@Test
	void autoConfigurationWhenNoHttpServicesThenNoConfigurers() {
		this.contextRunner.withPropertyValues(clients()).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(TokenStarterRestClientHttpServiceGroupConfigurer.class);
			assertThat(context).doesNotHaveBean(TokenStarterWebClientHttpServiceGroupConfigurer.class);
		});
	}

	@Test
	void autoConfigurationWhenTokenStarterDisabledThenNoConfigurers() {
		this.contextRunner.withPropertyValues(clients())
			.withPropertyValues("token-starter.enabled=false")
			.withUserConfiguration(MemoriesGroupConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(TokenStarterRestClientHttpServiceGroupConfigurer.class);
			});
	}

	@Test
	void autoConfigurationWhenWebFluxMissingThenRestClientConfigurerOnly() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.withPropertyValues(clients())
			.withUserConfiguration(MemoriesGroupConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(TokenStarterRestClientHttpServiceGroupConfigurer.class);
				assertThat(context).doesNotHaveBean(TokenStarterWebClientHttpServiceGroupConfigurer.class);
				assertThat(context.getBean(VideosApi.class).list()).contains("video");
				assertMemoriesStyle(this.server.requests("/memories/api/videos"), 1);
			});
	}

	@Test
	void autoConfigurationWhenUserDefinesConfigurerThenUsersWins() {
		this.contextRunner.withPropertyValues(clients())
			.withUserConfiguration(MemoriesGroupConfiguration.class, UserConfigurerConfiguration.class)
			.run((context) -> assertThat(context).getBean(TokenStarterRestClientHttpServiceGroupConfigurer.class)
				.isSameAs(context.getBean("userConfigurer")));
	}

	private static void assertMemoriesStyle(List<RecordedRequest> requests, int count) {
		assertThat(requests).hasSize(count).allSatisfy((request) -> {
			assertThat(request.header("Authorization")).isEqualTo("memories-1");
			assertThat(request.query()).isNull();
		});
	}

	private static void assertTokensMakeStyle(List<RecordedRequest> requests, int count) {
		assertThat(requests).hasSize(count).allSatisfy((request) -> {
			assertThat(request.query()).isEqualTo("access_token=make-1");
			assertThat(request.header("Authorization")).isNull();
		});
	}

	private String[] clients() {
		return new String[] { "loopback.url=" + this.server.baseUrl(),
				"token-starter.clients.memories.base-url=" + this.server.url("/memories"),
				"token-starter.clients.memories.token.uri=" + this.server.url("/memories/token"),
				"token-starter.clients.memories.attach.scheme=none",
				"token-starter.clients.tokens-make.base-url=" + this.server.url("/make"),
				"token-starter.clients.tokens-make.token.uri=" + this.server.url("/make/token"),
				"token-starter.clients.tokens-make.attach.query-parameter=access_token" };
	}

	@HttpExchange("/api/videos")
	interface VideosApi {

		@GetExchange
		String list();

	}

	@HttpExchange("${loopback.url}")
	interface CatalogApi {

		@GetExchange("/make/api/account")
		@ClientRegistrationId("tokens-make")
		String account();

		@GetExchange("/public/status")
		String status();

	}

	@HttpExchange("${loopback.url}")
	@ClientRegistrationId("memories")
	interface MemoriesByTypeApi {

		@GetExchange("/memories/api/videos")
		String videos();

	}

	@HttpExchange("/api/videos")
	interface ReactiveVideosApi {

		@GetExchange
		Mono<String> list();

	}

	interface ReactiveCatalogApi {

		@GetExchange("/make/api/account")
		@ClientRegistrationId("tokens-make")
		Mono<String> account();

		@GetExchange("/public/status")
		Mono<String> status();

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "memories", types = VideosApi.class)
	static class MemoriesGroupConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "catalog", types = { CatalogApi.class, MemoriesByTypeApi.class })
	static class CatalogGroupConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "memories", types = ReactiveVideosApi.class, clientType = ClientType.WEB_CLIENT)
	@ImportHttpServices(group = "reactive-catalog", types = ReactiveCatalogApi.class,
			clientType = ClientType.WEB_CLIENT)
	static class ReactiveGroupsConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserConfigurerConfiguration {

		@Bean
		TokenStarterRestClientHttpServiceGroupConfigurer userConfigurer(TokenStarterClients clients) {
			return new TokenStarterRestClientHttpServiceGroupConfigurer(clients, Map.of());
		}

	}

}
