package dev.tokenstarter.autoconfigure.actuate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.search.RequiredSearch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tokenstarter.autoconfigure.TokenStarterAutoConfiguration;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.samples.emulator.EmulatorSettings;
import dev.tokenstarter.samples.emulator.ProviderEmulator;
import dev.tokenstarter.samples.emulator.Providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link TokenStarterMetricsAutoConfiguration} and the {@link TokenStarterMetrics} it defines,
 * with Boot's metrics and observation auto-configuration.
 *
 * @author token-starter
 */
class TokenStarterMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenStarterAutoConfiguration.class,
				TokenStarterMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				ObservationAutoConfiguration.class));

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
	void metricsWhenTokenFetchedAndReusedThenRequestRenewalCacheHitAndGauges() {
		this.contextRunner.withPropertyValues(EmulatedClients.properties(this.emulator)).run((context) -> {
			EmulatedClients.call(context);
			EmulatedClients.call(context);
			EmulatedClients.call(context);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(count(registry, "token.starter.token.requests", "outcome", "success")).isEqualTo(1);
			assertThat(registry.get("token.starter.renewals")
				.tags("client", "mention-me", "reason", "initial", "outcome", "success")
				.counter()
				.count()).isEqualTo(1);
			assertThat(registry.get("token.starter.cache.hits").tag("client", "mention-me").functionCounter().count())
				.isEqualTo(2);
			assertThat(registry.get("token.starter.token.time.to.expiry").tag("client", "mention-me").gauge().value())
				.isCloseTo(3600, within(60.0));
			assertThat(registry.get("token.starter.token.time.to.expiry").tag("client", "idle").gauge().value())
				.isNaN();
			assertThat(registry.get("token.starter.budget.remaining").tag("client", "mention-me").gauge().value())
				.isEqualTo(9);
			assertThat(registry.find("token.starter.budget.remaining").tag("client", "idle").gauge()).isNull();
			assertThat(registry.get("token.starter.budget.low").tag("client", "mention-me").gauge().value()).isZero();
		});
	}

	@Test
	void metricsWhenBudgetWindowRunsLowThenLowGaugeAndRemainingOfThatWindow() {
		this.contextRunner.withPropertyValues(EmulatedClients.properties(this.emulator))
			.withPropertyValues("token-starter.clients.mention-me.lifecycle.budget.windows[0].limit=3",
					"token-starter.clients.mention-me.lifecycle.budget.windows[0].period=1h")
			.run((context) -> {
				EmulatedClients.call(context);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("token.starter.budget.low").tag("client", "mention-me").gauge().value())
					.isZero();
				this.emulator.revokeAccessTokens(Providers.MENTION_ME);
				EmulatedClients.call(context);
				assertThat(registry.get("token.starter.budget.remaining").tag("client", "mention-me").gauge().value())
					.isEqualTo(1);
				assertThat(registry.get("token.starter.budget.low").tag("client", "mention-me").gauge().value())
					.isEqualTo(1);
			});
	}

	@Test
	void metricsWhenApiRefusesTheTokenThenInvalidTokenRetryAndInvalidatedRenewal() {
		this.contextRunner.withPropertyValues(EmulatedClients.properties(this.emulator)).run((context) -> {
			EmulatedClients.call(context);
			this.emulator.revokeAccessTokens(Providers.MENTION_ME);
			EmulatedClients.call(context);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("token.starter.invalid.token.retries")
				.tag("client", "mention-me")
				.counter()
				.count()).isEqualTo(1);
			assertThat(registry.get("token.starter.renewals")
				.tags("client", "mention-me", "reason", "invalidated", "outcome", "success")
				.counter()
				.count()).isEqualTo(1);
			assertThat(count(registry, "token.starter.token.requests", "outcome", "success")).isEqualTo(2);
		});
	}

	@Test
	void metricsWhenEndpointFailsTransientlyThenServerErrorAttemptThenSuccess() {
		this.contextRunner.withPropertyValues(EmulatedClients.properties(this.emulator)).run((context) -> {
			this.emulator.failNextTokenRequests(Providers.MENTION_ME, 1, 503);
			EmulatedClients.call(context);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(count(registry, "token.starter.token.requests", "outcome", "server_error")).isEqualTo(1);
			assertThat(count(registry, "token.starter.token.requests", "outcome", "success")).isEqualTo(1);
		});
	}

	@Test
	void metricsWhenCredentialsRefusedThenRefusedRequestAndFailedRenewal() {
		this.contextRunner.withPropertyValues(EmulatedClients.properties(this.emulator, "wrong-SECRET"))
			.run((context) -> {
				assertThatExceptionOfType(TokenEndpointException.class).isThrownBy(() -> EmulatedClients.call(context));
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(count(registry, "token.starter.token.requests", "outcome", "refused")).isEqualTo(1);
				assertThat(registry.get("token.starter.renewals")
					.tags("client", "mention-me", "reason", "initial", "outcome", "failure")
					.counter()
					.count()).isEqualTo(1);
				assertThat(registry.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().toString())
					.doesNotContain("wrong-SECRET"));
			});
	}

	@Test
	void metricsWhenObservationRegistryPresentThenEachTokenRequestIsTimedByClientEndpointAndOutcome() {
		this.contextRunner.withPropertyValues(EmulatedClients.properties(this.emulator)).run((context) -> {
			this.emulator.failNextTokenRequests(Providers.MENTION_ME, 1, 503);
			EmulatedClients.call(context);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			RequiredSearch timer = registry.get("token-starter.token.request")
				.tags("client", "mention-me", "endpoint", "token");
			assertThat(timer.tag("outcome", "success").timer().count()).isEqualTo(1);
			assertThat(registry.get("token-starter.token.request").tag("outcome", "server_error").timer().count())
				.isEqualTo(1);
		});
	}

	@Test
	void autoConfigurationWhenNoMeterRegistryThenNoMetrics() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TokenStarterAutoConfiguration.class,
					TokenStarterMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TokenStarterMetrics.class));
	}

	@Test
	void autoConfigurationWhenMicrometerMissingThenNoMetrics() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TokenStarterMetrics.class));
	}

	private static double count(MeterRegistry registry, String name, String tag, String value) {
		return registry.get(name).tags("client", "mention-me", tag, value).counter().count();
	}

}
