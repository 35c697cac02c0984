package dev.tokenstarter.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.InputStreamSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.javapoet.ClassName;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import dev.tokenstarter.annotation.TokenClient;
import dev.tokenstarter.autoconfigure.LoopbackServer.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TokenClientBeansRegistrar}: the per-client beans that {@link TokenClient} selects.
 * Client {@code memories} attaches the bare token in {@code Authorization}, client {@code tokens-make}
 * sends it as query parameter {@code access_token}.
 */
class TokenClientBeansRegistrarTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenStarterAutoConfiguration.class));

	private LoopbackServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = LoopbackServer.start();
		this.server.onJson("/memories/token", 200, "{\"access_token\":\"memories-1\",\"expires_in\":3600}");
		this.server.onJson("/make/token", 200, "{\"access_token\":\"make-1\",\"expires_in\":3600}");
		this.server.onJson("/memories/api/videos", 200, "[\"video\"]");
		this.server.onJson("/make/api/account", 200, "{\"account\":1}");
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void tokenClientWhenOnConstructorParametersThenInjectsThatClientsBeansAttachingInItsStyle() {
		this.contextRunner.withPropertyValues(clients())
			.withBean(ConstructorConsumer.class)
			.run((context) -> {
				ConstructorConsumer consumer = context.getBean(ConstructorConsumer.class);
				assertThat(consumer.restClient).isSameAs(context.getBean("memoriesRestClient"));
				assertThat(consumer.webClient).isSameAs(context.getBean("tokensMakeWebClient"));
				consumer.restClient.get().uri("/api/videos").retrieve().toBodilessEntity();
				consumer.restClientBuilder.build().get().uri("/api/account").retrieve().toBodilessEntity();
				StepVerifier.create(consumer.webClient.get().uri("/api/account").retrieve().toBodilessEntity())
					.expectNextCount(1)
					.expectComplete()
					.verify(TIMEOUT);
				StepVerifier
					.create(consumer.webClientBuilder.build().get().uri("/api/videos").retrieve().toBodilessEntity())
					.expectNextCount(1)
					.expectComplete()
					.verify(TIMEOUT);
				assertMemoriesStyle(this.server.requests("/memories/api/videos"), 2);
				assertTokensMakeStyle(this.server.requests("/make/api/account"), 2);
			});
	}

	@Test
	void tokenClientWhenOnFieldsAndBeanMethodParametersThenInjectsThatClientsBeans() {
		this.contextRunner.withPropertyValues(clients())
			.withUserConfiguration(FieldAndBeanMethodConfiguration.class)
			.run((context) -> {
				FieldAndBeanMethodConfiguration configuration = context.getBean(FieldAndBeanMethodConfiguration.class);
				configuration.restClient.get().uri("/api/account").retrieve().toBodilessEntity();
				context.getBean("videosClient", RestClient.class)
					.get()
					.uri("/api/videos")
					.retrieve()
					.toBodilessEntity();
				assertTokensMakeStyle(this.server.requests("/make/api/account"), 1);
				assertMemoriesStyle(this.server.requests("/memories/api/videos"), 1);
				assertThat(this.server.requests("/memories/api/videos").get(0).header("X-Customized"))
					.isEqualTo("videos");
			});
	}

	@Test
	void builderBeansWhenInjectedTwiceThenIndependentPrototypes() {
		this.contextRunner.withPropertyValues(clients())
			.withBean("firstConsumer", ConstructorConsumer.class)
			.withBean("secondConsumer", ConstructorConsumer.class)
			.run((context) -> {
				RestClient.Builder first = context.getBean("firstConsumer", ConstructorConsumer.class).restClientBuilder;
				RestClient.Builder second = context.getBean("secondConsumer", ConstructorConsumer.class).restClientBuilder;
				assertThat(first).isNotSameAs(second);
				first.defaultHeader("X-Customized", "first")
					.build()
					.get()
					.uri("/api/account")
					.retrieve()
					.toBodilessEntity();
				second.build().get().uri("/api/account").retrieve().toBodilessEntity();
				context.getBean("tokensMakeRestClient", RestClient.class)
					.get()
					.uri("/api/account")
					.retrieve()
					.toBodilessEntity();
				assertThat(this.server.requests("/make/api/account"))
					.extracting((request) -> request.header("X-Customized"))
					.containsExactly("first", null, null);
				assertTokensMakeStyle(this.server.requests("/make/api/account"), 3);
			});
	}

	@Test
	void builderBeansWhenOnlyPerClientBuildersThenNotInjectedByTypeAlone() {
		this.contextRunner.withPropertyValues(clients())
			.withUserConfiguration(UnqualifiedBuilderConsumer.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(UnqualifiedBuilderConsumer.class).restClientBuilder).isNull();
				assertThat(context.getBean(UnqualifiedBuilderConsumer.class).webClientBuilder).isNull();
				assertThat(context.getBeanNamesForType(RestClient.Builder.class))
					.containsExactlyInAnyOrder("memoriesRestClientBuilder", "tokensMakeRestClientBuilder");
			});
	}

	@Test
	void builderBeansWhenBootBuildersThenBootsStayTheOnesInjectedByType() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(RestClientAutoConfiguration.class, WebClientAutoConfiguration.class))
			.withPropertyValues(clients())
			.withUserConfiguration(UnqualifiedBuilderConsumer.class)
			.run((context) -> {
				UnqualifiedBuilderConsumer consumer = context.getBean(UnqualifiedBuilderConsumer.class);
				assertThat(consumer.restClientBuilder).isNotNull();
				assertThat(consumer.webClientBuilder).isNotNull();
				consumer.restClientBuilder.build()
					.get()
					.uri(this.server.url("/memories/api/videos"))
					.retrieve()
					.toBodilessEntity();
				assertThat(this.server.requests("/memories/api/videos").get(0).header("Authorization")).isNull();
				assertThat(this.server.requests("/memories/token")).isEmpty();
			});
	}

	@Test
	void builderBeansWhenApplicationDefinesOneOfTheSameNameThenApplicationsWins() {
		this.contextRunner.withPropertyValues(clients())
			.withUserConfiguration(UserBuilderConfiguration.class)
			.withBean(ConstructorConsumer.class)
			.run((context) -> {
				ConstructorConsumer consumer = context.getBean(ConstructorConsumer.class);
				consumer.restClientBuilder.build()
					.get()
					.uri(this.server.url("/make/api/account"))
					.retrieve()
					.toBodilessEntity();
				RecordedRequest request = this.server.requests("/make/api/account").get(0);
				assertThat(request.header("X-User-Builder")).isEqualTo("yes");
				assertThat(request.query()).isNull();
				assertThat(this.server.requests("/make/token")).isEmpty();
			});
	}

	@Test
	void tokenClientWhenNoSuchClientThenStartupFails() {
		this.contextRunner.withPropertyValues(clients())
			.withBean(UnknownClientConsumer.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(NoSuchBeanDefinitionException.class)
				.hasMessageContaining("dev.tokenstarter.annotation.TokenClient(\"nope\")"));
	}

	@Test
	void apiClientsWhenNoApplicationBuilderThenClientReadTimeoutBoundsApiCalls() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger stalled = new AtomicInteger();
		this.server.on("/memories/api/slow", (request) -> {
			stalled.incrementAndGet();
			awaitQuietly(release);
			return new LoopbackServer.Reply(200, "application/json", "{}");
		});
		try {
			this.contextRunner.withPropertyValues(clients())
				.withPropertyValues("token-starter.clients.memories.read-timeout=200ms")
				.run((context) -> {
					RestClient restClient = context.getBean("memoriesRestClient", RestClient.class);
					assertThatExceptionOfType(ResourceAccessException.class)
						.isThrownBy(() -> restClient.get().uri("/api/slow").retrieve().toBodilessEntity())
						.withCauseInstanceOf(HttpTimeoutException.class);
					WebClient webClient = context.getBean("memoriesWebClient", WebClient.class);
					StepVerifier.create(webClient.get().uri("/api/slow").retrieve().toBodilessEntity())
						.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(WebClientRequestException.class)
							.hasCauseInstanceOf(HttpTimeoutException.class))
						.verify(TIMEOUT);
					assertThat(stalled).hasValue(2);
				});
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void apiClientsWhenApplicationBuilderHasRequestFactoryThenItIsKept() {
		this.contextRunner.withPropertyValues(clients())
			.withUserConfiguration(CountingBuilderConfiguration.class)
			.run((context) -> {
				context.getBean("memoriesRestClient", RestClient.class)
					.get()
					.uri("/api/videos")
					.retrieve()
					.toBodilessEntity();
				assertThat(context.getBean(AtomicInteger.class)).hasValue(1);
				assertMemoriesStyle(this.server.requests("/memories/api/videos"), 1);
			});
	}

	@Test
	void registerWhenProcessedAheadOfTimeThenGeneratedCodeCreatesEachQualifiedBeanThroughAFactoryMethod() {
		this.contextRunner.withPropertyValues(clients()).prepare((context) -> {
			InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get(TokenClientBeansRegistrarTests.class)), files);
			new ApplicationContextAotGenerator().processAheadOfTime(
					(GenericApplicationContext) context.getSourceApplicationContext(), generation);
			generation.writeGeneratedContent();
			String code = sources(files);
			for (String suffix : List.of("RestClient", "RestClientBuilder", "WebClient", "WebClientBuilder")) {
				assertThat(generatedBean(code, "memories" + suffix)).contains(
						qualifier(Qualifier.class, "memories"), qualifier(TokenClient.class, "memories"),
						"addIndexedArgumentValue(0, \"memories\")");
			}
			assertThat(generatedBean(code, "tokensMakeRestClient"))
				.contains("forFactoryMethod(ClientBeans.class, \"restClient\", String.class)",
						qualifier(TokenClient.class, "tokens-make"))
				.doesNotContain("setScope");
			assertThat(generatedBean(code, "tokensMakeWebClientBuilder")).contains(
					"forFactoryMethod(ReactiveClientBeans.class, \"webClientBuilder\", String.class)",
					"setScope(\"prototype\")", "setDefaultCandidate(false)");
		});
	}

	private static String qualifier(Class<?> type, String value) {
		return "addQualifier(new AutowireCandidateQualifier(\"" + type.getName() + "\", \"" + value + "\"))";
	}

	/**
	 * Return the generated code of a bean: its instance supplier and its definition.
	 */
	private static String generatedBean(String code, String beanName) {
		int start = code.indexOf("instance supplier for '" + beanName + "'");
		assertThat(start).as("generated instance supplier of %s", beanName).isNotNegative();
		int definition = code.indexOf("Get the bean definition for '" + beanName + "'", start);
		assertThat(definition).as("generated definition of %s", beanName).isNotNegative();
		return code.substring(start, code.indexOf("\n  }\n", definition));
	}

	private static String sources(InMemoryGeneratedFiles files) {
		StringBuilder code = new StringBuilder();
		for (InputStreamSource source : files.getGeneratedFiles(Kind.SOURCE).values()) {
			try {
				code.append(new String(source.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return code.toString();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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
		return new String[] { "token-starter.clients.memories.base-url=" + this.server.url("/memories"),
				"token-starter.clients.memories.token.uri=" + this.server.url("/memories/token"),
				"token-starter.clients.memories.attach.scheme=none",
				"token-starter.clients.tokens-make.base-url=" + this.server.url("/make"),
				"token-starter.clients.tokens-make.token.uri=" + this.server.url("/make/token"),
				"token-starter.clients.tokens-make.attach.query-parameter=access_token" };
	}

	static class ConstructorConsumer {

		final RestClient restClient;

		final RestClient.Builder restClientBuilder;

		final WebClient webClient;

		final WebClient.Builder webClientBuilder;

		ConstructorConsumer(@TokenClient("memories") RestClient restClient,
				@TokenClient("tokens-make") RestClient.Builder restClientBuilder,
				@TokenClient("tokens-make") WebClient webClient,
				@TokenClient("memories") WebClient.Builder webClientBuilder) {
			this.restClient = restClient;
			this.restClientBuilder = restClientBuilder;
			this.webClient = webClient;
			this.webClientBuilder = webClientBuilder;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FieldAndBeanMethodConfiguration {

		@Autowired
		@TokenClient("tokens-make")
		RestClient restClient;

		@Bean
		RestClient videosClient(@TokenClient("memories") RestClient.Builder builder) {
			return builder.defaultHeader("X-Customized", "videos").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnqualifiedBuilderConsumer {

		@Autowired(required = false)
		RestClient.Builder restClientBuilder;

		@Autowired(required = false)
		WebClient.Builder webClientBuilder;

	}

	static class UnknownClientConsumer {

		UnknownClientConsumer(@TokenClient("nope") RestClient restClient) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBuilderConfiguration {

		@Bean
		@TokenClient("tokens-make")
		RestClient.Builder tokensMakeRestClientBuilder() {
			return RestClient.builder().defaultHeader("X-User-Builder", "yes");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CountingBuilderConfiguration {

		@Bean
		AtomicInteger requestCount() {
			return new AtomicInteger();
		}

		@Bean
		RestClient.Builder restClientBuilder(AtomicInteger requestCount) {
			JdkClientHttpRequestFactory jdk = new JdkClientHttpRequestFactory();
			ClientHttpRequestFactory counting = (URI uri, HttpMethod method) -> {
				requestCount.incrementAndGet();
				return jdk.createRequest(uri, method);
			};
			return RestClient.builder().requestFactory(counting);
		}

	}

}
