package dev.tokenstarter.samples.demo;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.annotation.TokenClient;
import dev.tokenstarter.samples.emulator.EmulatorSettings;
import dev.tokenstarter.samples.emulator.ProviderEmulator;
import dev.tokenstarter.samples.emulator.Providers;
import dev.tokenstarter.samples.emulator.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo after Spring Boot's {@code process-aot}, started with {@code spring.aot.enabled=true}: the bean
 * definitions come from the generated code, not from the auto-configuration. Run by failsafe after the
 * build's {@code process-aot} and {@code repackage}, which pass {@code spring.aot.enabled} and the path of
 * the demo's jar as system properties.
 *
 * @author token-starter
 */
class AotEndToEndTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private ProviderEmulator emulator;

	private ConfigurableApplicationContext context;

	@AfterEach
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
		if (this.emulator != null) {
			this.emulator.close();
		}
	}

	@Test
	void jarWhenStartedWithAotEnabledThenEveryApiIsOkAndExitCodeIsZero(@TempDir Path temp) throws Exception {
		String jar = System.getProperty("demo.jar");
		assertThat(jar).as("system property demo.jar").isNotBlank();
		File output = temp.resolve("demo.log").toFile();
		Process process = new ProcessBuilder(javaCommand(), "-Dspring.aot.enabled=true", "-jar", jar,
				"--logging.level.dev.tokenstarter.samples.demo.DemoApplication=info")
			.redirectErrorStream(true)
			.redirectOutput(output)
			.start();
		boolean exited = process.waitFor(120, TimeUnit.SECONDS);
		if (!exited) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		String log = Files.readString(output.toPath(), StandardCharsets.UTF_8);
		assertThat(exited).as("demo exited within 120 s; output:%n%s", log).isTrue();
		assertThat(log).contains("Starting AOT-processed DemoApplication");
		for (String api : demoApis()) {
			assertThat(log).as("line of %s", api).containsPattern("(?m)^" + api + ": OK token fetched");
		}
		assertThat(log).doesNotContain("FAILED")
			.containsPattern("actuator tokens: \\d+ clients, all valid")
			.containsPattern("actuator health: UP, tokenClients UP \\((\\d+) of \\1 clients up\\)");
		assertThat(process.exitValue()).as("exit code; output:%n%s", log).isZero();
	}

	@Test
	void tokenClientQualifiersWhenAotProcessedThenSelectEachClientsBeans() throws Exception {
		assertThat(AotDetector.useGeneratedArtifacts()).as("spring.aot.enabled").isTrue();
		this.emulator = ProviderEmulator.start(EmulatorSettings.defaults());
		this.context = new SpringApplicationBuilder(DemoApplication.class).main(DemoApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("providerEmulator", this.emulator))
			.run("--" + DemoApplication.EMULATOR_BASE_URL + "=" + this.emulator.baseUrl());
		RestClient mentionMe = resolve("mentionMe");
		WebClient agt = resolve("agt");
		RestClient.Builder firstBuilder = resolve("memoriesBuilder");
		RestClient.Builder secondBuilder = resolve("memoriesBuilder");
		assertThat(mentionMe).isSameAs(this.context.getBean("mentionMeRestClient"));
		assertThat(agt).isSameAs(this.context.getBean("agtWebClient"));
		assertThat(firstBuilder).isNotSameAs(secondBuilder);
		assertThat(this.context.getBeanFactory().getBeanDefinition("memoriesRestClientBuilder").isPrototype())
			.isTrue();
		mentionMe.get().uri("/api/v2/customers").retrieve().toBodilessEntity();
		agt.get().uri("/v1/api/accounts").retrieve().toBodilessEntity().block(TIMEOUT);
		firstBuilder.build().get().uri("/api/v1/videos").retrieve().toBodilessEntity();
		assertThat(lastApiRequest(Providers.MENTION_ME).header("Authorization")).startsWith("Bearer ");
		assertThat(lastApiRequest(Providers.AGT).path()).isEqualTo("/agt/v1/api/accounts");
		assertThat(lastApiRequest(Providers.MEMORIES).header("Authorization")).isNotBlank();
	}

	@SuppressWarnings("unchecked")
	private <T> T resolve(String field) throws NoSuchFieldException {
		ConfigurableListableBeanFactory beanFactory = this.context.getBeanFactory();
		DependencyDescriptor descriptor = new DependencyDescriptor(InjectionPoints.class.getDeclaredField(field),
				true);
		return (T) beanFactory.resolveDependency(descriptor, "aotEndToEndTests");
	}

	private RecordedRequest lastApiRequest(String provider) {
		List<RecordedRequest> requests = this.emulator.apiRequests(provider);
		assertThat(requests).isNotEmpty();
		return requests.get(requests.size() - 1);
	}

	/**
	 * Return the ids of the APIs the demo calls, from its {@code application.yml}.
	 */
	private static List<String> demoApis() throws IOException {
		YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
		yaml.setResources(new ClassPathResource("application.yml"));
		Properties properties = yaml.getObject();
		assertThat(properties).isNotNull();
		List<String> apis = new ArrayList<>();
		String prefix = "demo.api-paths.";
		for (String name : properties.stringPropertyNames()) {
			if (name.startsWith(prefix)) {
				apis.add(name.substring(prefix.length()));
			}
		}
		assertThat(apis).contains(Providers.MEMORIES, Providers.TOKENS_MAKE, Providers.MENTION_ME, Providers.AGT,
				Providers.FIREBASE_LOGIN);
		return apis;
	}

	private static String javaCommand() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * Injection points as an application writes them.
	 */
	static class InjectionPoints {

		@TokenClient("mention-me")
		RestClient mentionMe;

		@Qualifier("agt")
		WebClient agt;

		@TokenClient("memories")
		RestClient.Builder memoriesBuilder;

	}

}
