package dev.tokenstarter.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.javapoet.ClassName;

import dev.tokenstarter.autoconfigure.actuate.TokensEndpoint;
import dev.tokenstarter.core.store.jdbc.JdbcTokenStoreSchema;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenStarterRuntimeHints}, and for the hints the AOT engine gathers for an application
 * with token clients.
 */
class TokenStarterRuntimeHintsTests {

	private static final String WEB_CLIENT = "org.springframework.web.reactive.function.client.WebClient";

	private static final String MONO = "reactor.core.publisher.Mono";

	private final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	@Test
	void registerHintsWhenLoadedFromAotFactoriesThenRegistersThisRegistrar() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(TokenStarterRuntimeHints.class);
	}

	@Test
	void registerHintsWhenWebFluxPresentThenTypesLookedUpByNameCanBeFound() {
		RuntimeHints hints = hints(getClass().getClassLoader());
		assertThat(this.reflection.onType(TypeReference.of(WEB_CLIENT))).accepts(hints);
		assertThat(this.reflection.onType(TypeReference.of(MONO))).accepts(hints);
	}

	@Test
	void registerHintsWhenWebFluxAbsentThenNoReactiveType() {
		RuntimeHints hints = hints(new FilteredClassLoader("org.springframework.web.reactive"));
		assertThat(this.reflection.onType(TypeReference.of(WEB_CLIENT))).rejects(hints);
	}

	@Test
	void registerHintsWhenActuatorPresentThenTokensEndpointDescriptorsAreWritable() {
		RuntimeHints hints = hints(getClass().getClassLoader());
		assertThat(this.reflection.onMethodInvocation(TokensEndpoint.TokenClientDescriptor.class, "lastOutcome"))
			.accepts(hints);
		assertThat(this.reflection.onMethodInvocation(TokensEndpoint.BudgetDescriptor.class, "remaining"))
			.accepts(hints);
		assertThat(this.reflection.onMethodInvocation(TokensEndpoint.StoreDescriptor.class, "reachable"))
			.accepts(hints);
	}

	@Test
	void registerHintsWhenActuatorAbsentThenNoDescriptor() {
		RuntimeHints hints = hints(new FilteredClassLoader("org.springframework.boot.actuate"));
		assertThat(this.reflection.onType(TokensEndpoint.TokenClientDescriptor.class)).rejects(hints);
	}

	@Test
	void processAheadOfTimeWhenClientsConfiguredThenHintsCoverPropertiesSchemasAndReactiveTypes() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TokenStarterAutoConfiguration.class))
			.withPropertyValues("token-starter.clients.memories.token.uri=https://api.example.com/token",
					"token-starter.clients.memories.lifecycle.budget.limit=10")
			.prepare((context) -> {
				DefaultGenerationContext generation = new DefaultGenerationContext(
						new ClassNameGenerator(ClassName.get(TokenStarterRuntimeHintsTests.class)),
						new InMemoryGeneratedFiles());
				new ApplicationContextAotGenerator().processAheadOfTime(
						(GenericApplicationContext) context.getSourceApplicationContext(), generation);
				RuntimeHints hints = generation.getRuntimeHints();
				assertThat(this.reflection.onMethodInvocation(TokenStarterProperties.Client.class, "setBaseUrl"))
					.accepts(hints);
				assertThat(this.reflection.onMethodInvocation(TokenStarterProperties.Budget.class, "setLimit"))
					.accepts(hints);
				assertThat(RuntimeHintsPredicates.resource()
					.forResource(JdbcTokenStoreSchema.scriptLocation("PostgreSQL"))).accepts(hints);
				assertThat(this.reflection.onType(TypeReference.of(WEB_CLIENT))).accepts(hints);
			});
	}

	private static RuntimeHints hints(ClassLoader classLoader) {
		RuntimeHints hints = new RuntimeHints();
		new TokenStarterRuntimeHints().registerHints(hints, classLoader);
		return hints;
	}

}
