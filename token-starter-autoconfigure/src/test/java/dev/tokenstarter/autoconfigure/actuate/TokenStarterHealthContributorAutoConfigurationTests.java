package dev.tokenstarter.autoconfigure.actuate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tokenstarter.autoconfigure.TokenStarterAutoConfiguration;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.samples.emulator.EmulatorSettings;
import dev.tokenstarter.samples.emulator.ProviderEmulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TokenStarterHealthContributorAutoConfiguration}.
 *
 * @author token-starter
 */
class TokenStarterHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenStarterAutoConfiguration.class,
				TokenStarterHealthContributorAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class));

	private ProviderEmulator emulator;

	@BeforeEach
	void startEmulator() {
		this.emulator = ProviderEmulator.start(EmulatorSettings.defaults());
	}

	@AfterEach
	void stopEmulator() {
		this.emulator.close();
	}

	@Test
	void healthWhenClientsConfiguredThenTokenClientsContributorWithOneIndicatorPerClient() {
		this.contextRunner.withPropertyValues(EmulatedClients.properties(this.emulator)).run((context) -> {
			HealthContributorRegistry registry = context.getBean(HealthContributorRegistry.class);
			CompositeHealthContributor tokenClients = (CompositeHealthContributor) registry
				.getContributor("tokenClients");
			assertThat(tokenClients).isNotNull();
			assertThat(tokenClients.stream().map((entry) -> entry.name())).containsExactly("mention-me", "idle");
			assertThat(tokenClients.getContributor("idle")).isInstanceOf(TokenClientHealthIndicator.class);
			EmulatedClients.call(context);
			assertThat(indicator(tokenClients, "mention-me").health().getDetails()).containsEntry("status", "VALID");
			assertThat(indicator(tokenClients, "idle").health().getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void healthWhenClientCannotGetATokenThenThatClientIsDown() {
		this.contextRunner.withPropertyValues(EmulatedClients.properties(this.emulator, "wrong-SECRET"))
			.run((context) -> {
				assertThatExceptionOfType(TokenEndpointException.class).isThrownBy(() -> EmulatedClients.call(context));
				CompositeHealthContributor tokenClients = context.getBean("tokenClientsHealthContributor",
						CompositeHealthContributor.class);
				assertThat(indicator(tokenClients, "mention-me").health().getStatus()).isEqualTo(Status.DOWN);
				assertThat(indicator(tokenClients, "mention-me").health().getDetails().toString())
					.doesNotContain("wrong-SECRET");
				assertThat(indicator(tokenClients, "idle").health().getStatus()).isEqualTo(Status.UP);
			});
	}

	@Test
	void autoConfigurationWhenHealthIndicatorDisabledThenNoContributor() {
		this.contextRunner.withPropertyValues(EmulatedClients.properties(this.emulator))
			.withPropertyValues("management.health.token-clients.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("tokenClientsHealthContributor"));
	}

	@Test
	void autoConfigurationWhenHealthMissingThenNoContributor() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean("tokenClientsHealthContributor"));
	}

	@Test
	void autoConfigurationWhenTokenStarterDisabledThenNoContributor() {
		this.contextRunner.withPropertyValues("token-starter.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("tokenClientsHealthContributor"));
	}

	private static HealthIndicator indicator(CompositeHealthContributor contributor, String name) {
		return (HealthIndicator) contributor.getContributor(name);
	}

}
