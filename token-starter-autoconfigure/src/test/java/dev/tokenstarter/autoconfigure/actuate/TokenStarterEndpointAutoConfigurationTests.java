package dev.tokenstarter.autoconfigure.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.DataAccessResourceFailureException;

import dev.tokenstarter.autoconfigure.TokenStarterAutoConfiguration;
import dev.tokenstarter.autoconfigure.TokenStarterClients;
import dev.tokenstarter.autoconfigure.actuate.TokensEndpoint.BudgetDescriptor;
import dev.tokenstarter.autoconfigure.actuate.TokensEndpoint.StoreDescriptor;
import dev.tokenstarter.autoconfigure.actuate.TokensEndpoint.TokenClientDescriptor;
import dev.tokenstarter.autoconfigure.actuate.TokensEndpoint.WindowDescriptor;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.lifecycle.TokenClientState.Outcome;
import dev.tokenstarter.core.lifecycle.TokenClientState.Status;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.store.InMemoryTokenStore;
import dev.tokenstarter.core.store.SharedStoreStatus;
import dev.tokenstarter.samples.emulator.Credentials;
import dev.tokenstarter.samples.emulator.EmulatorSettings;
import dev.tokenstarter.samples.emulator.ProviderEmulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link TokenStarterEndpointAutoConfiguration} and the {@link TokensEndpoint} it defines.
 *
 * @author token-starter
 */
class TokenStarterEndpointAutoConfigurationTests {

	private static final String WRONG_SECRET = "wrong-SECRET-value";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TokenStarterAutoConfiguration.class, TokenStarterEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=tokens");

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
	void tokensWhenOneClientUsedThenDescribesEachClientInOrder() {
		this.contextRunner.withPropertyValues(EmulatedClients.properties(this.emulator)).run((context) -> {
			Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
			EmulatedClients.call(context);
			EmulatedClients.call(context);
			Map<String, TokenClientDescriptor> tokens = context.getBean(TokensEndpoint.class).tokens();
			assertThat(tokens).containsOnlyKeys("mention-me", "idle");
			assertThat(tokens.keySet()).containsExactly("mention-me", "idle");
			TokenClientDescriptor used = tokens.get("mention-me");
			assertThat(used.status()).isEqualTo(Status.VALID);
			assertThat(Instant.parse(used.issuedAt())).isAfterOrEqualTo(before);
			assertThat(Duration.between(Instant.parse(used.issuedAt()), Instant.parse(used.expiresAt())))
				.isEqualTo(Duration.ofHours(1));
			assertThat(used.refreshExpiresAt()).isNull();
			assertThat(used.lastRenewalAt()).isNotNull();
			assertThat(used.lastOutcome()).isEqualTo(Outcome.SUCCESS);
			assertThat(used.lastError()).isNull();
			assertThat(used.renewals()).isEqualTo(1);
			assertThat(used.failures()).isZero();
			assertThat(used.cacheHits()).isEqualTo(1);
			BudgetDescriptor budget = used.budget();
			assertThat(budget.limit()).isEqualTo(10);
			assertThat(budget.period()).isEqualTo("PT24H");
			assertThat(budget.used()).isEqualTo(1);
			assertThat(budget.remaining()).isEqualTo(9);
			assertThat(Instant.parse(budget.windowEndsAt()))
				.isEqualTo(Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)));
			assertThat(used.store()).isEqualTo(new StoreDescriptor("memory", false, true, null));
			TokenClientDescriptor idle = tokens.get("idle");
			assertThat(idle.status()).isEqualTo(Status.NONE);
			assertThat(idle.issuedAt()).isNull();
			assertThat(idle.lastOutcome()).isEqualTo(Outcome.NONE);
			assertThat(idle.budget()).isNull();
		});
	}

	@Test
	void tokensWhenSerializedThenCarriesNoTokenAndNoSecret() {
		this.contextRunner.withPropertyValues(EmulatedClients.properties(this.emulator)).run((context) -> {
			EmulatedClients.call(context);
			String json = JsonMapper.shared().writeValueAsString(context.getBean(TokensEndpoint.class).tokens());
			assertThat(this.emulator.issuedTokenValues(EmulatedClients.MENTION_ME)).hasSize(1)
				.allSatisfy((token) -> assertThat(json).doesNotContain(token));
			assertThat(json).doesNotContain(Credentials.MENTION_ME_CLIENT_SECRET).contains("\"status\":\"VALID\"");
		});
	}

	@Test
	void clientWhenRenewalRefusedThenFailingWithTheErrorMessageButNotTheSecret() {
		this.contextRunner.withPropertyValues(EmulatedClients.properties(this.emulator, WRONG_SECRET))
			.run((context) -> {
				assertThatExceptionOfType(TokenEndpointException.class).isThrownBy(() -> EmulatedClients.call(context));
				TokenClientDescriptor failing = context.getBean(TokensEndpoint.class).client("mention-me");
				assertThat(failing.status()).isEqualTo(Status.FAILING);
				assertThat(failing.lastOutcome()).isEqualTo(Outcome.FAILURE);
				assertThat(failing.lastError()).contains("'mention-me'", "401", "invalid_client")
					.doesNotContain(WRONG_SECRET);
				assertThat(failing.failures()).isEqualTo(1);
				assertThat(failing.budget().used()).isEqualTo(1);
				assertThat(JsonMapper.shared().writeValueAsString(failing)).doesNotContain(WRONG_SECRET);
			});
	}

	@Test
	void clientWhenUnknownThenNull() {
		this.contextRunner.withPropertyValues(EmulatedClients.properties(this.emulator))
			.run((context) -> assertThat(context.getBean(TokensEndpoint.class).client("unknown")).isNull());
	}

	@Test
	void tokensWhenSharedStoreStatusThenStoreIsSharedAndTellsWhetherReachable() {
		SharedStoreStatus status = new SharedStoreStatus("redis", Duration.ofSeconds(10), Clock.systemUTC());
		this.contextRunner.withPropertyValues(EmulatedClients.properties(this.emulator))
			.withBean(SharedStoreStatus.class, () -> status)
			.run((context) -> {
				TokensEndpoint endpoint = context.getBean(TokensEndpoint.class);
				assertThat(endpoint.client("idle").store()).isEqualTo(new StoreDescriptor("redis", true, true, null));
				status.failed(new DataAccessResourceFailureException("connection refused"));
				assertThat(endpoint.client("idle").store())
					.isEqualTo(new StoreDescriptor("redis", true, false, "DataAccessResourceFailureException"));
			});
	}

	@Test
	void tokensWhenBudgetCannotTellThenLimitOnly() {
		this.contextRunner.withPropertyValues(EmulatedClients.properties(this.emulator))
			.withBean(IssuanceBudget.class, () -> (registrationId) -> {
			})
			.run((context) -> assertThat(context.getBean(TokensEndpoint.class).client("mention-me").budget())
				.isEqualTo(new BudgetDescriptor(10, "PT24H", null, null, null,
						List.of(new WindowDescriptor(10, "PT24H", null, null, null)), null, null, null)));
	}

	@Test
	void tokensWhenSeveralWindowsAndMinimumIntervalThenTightestWindowFirstAndWhenNextRequestIsAllowed() {
		this.contextRunner.withPropertyValues(EmulatedClients.properties(this.emulator))
			.withPropertyValues("token-starter.clients.mention-me.lifecycle.budget.windows[0].limit=2",
					"token-starter.clients.mention-me.lifecycle.budget.windows[0].period=1h",
					"token-starter.clients.mention-me.lifecycle.budget.min-interval=1m")
			.run((context) -> {
				Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
				EmulatedClients.call(context);
				BudgetDescriptor budget = context.getBean(TokensEndpoint.class).client("mention-me").budget();
				assertThat(budget.limit()).isEqualTo(2);
				assertThat(budget.period()).isEqualTo("PT1H");
				assertThat(budget.remaining()).isEqualTo(1);
				assertThat(budget.windows()).extracting(WindowDescriptor::period, WindowDescriptor::remaining)
					.containsExactly(tuple("PT24H", 9), tuple("PT1H", 1));
				assertThat(budget.minInterval()).isEqualTo("PT1M");
				assertThat(Instant.parse(budget.nextRequestAllowedAt())).isAfterOrEqualTo(before.plusSeconds(60))
					.isBeforeOrEqualTo(Instant.now().plusSeconds(60));
				assertThat(budget.low()).isTrue();
			});
	}

	@Test
	void autoConfigurationWhenEndpointNotExposedThenNoEndpoint() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TokenStarterAutoConfiguration.class,
					TokenStarterEndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TokensEndpoint.class));
	}

	@Test
	void autoConfigurationWhenActuatorMissingThenNoEndpoint() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TokensEndpoint.class));
	}

	@Test
	void autoConfigurationWhenTokenStarterDisabledThenNoEndpoint() {
		this.contextRunner.withPropertyValues("token-starter.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TokensEndpoint.class));
	}

	@Test
	void autoConfigurationWhenUserDefinesEndpointThenItWins() {
		this.contextRunner.withPropertyValues(EmulatedClients.properties(this.emulator))
			.withBean("myTokensEndpoint", TokensEndpoint.class,
					() -> new TokensEndpoint(TokenStarterClients.withDefinitions(new TokenClientDefinitions(List.of()))
						.build(), IssuanceBudget.UNLIMITED, new InMemoryTokenStore(Clock.systemUTC()), null))
			.run((context) -> assertThat(context).getBean(TokensEndpoint.class)
				.isSameAs(context.getBean("myTokensEndpoint")));
	}

}
