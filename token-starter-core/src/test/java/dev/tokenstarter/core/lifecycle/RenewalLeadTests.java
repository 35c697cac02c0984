package dev.tokenstarter.core.lifecycle;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.tokenstarter.core.definition.LifecycleSpec.RetrySpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RenewalLead}.
 *
 * @author token-starter
 */
class RenewalLeadTests {

	private static final RetrySpec THREE_ATTEMPTS = new RetrySpec(3, Duration.ofMillis(200), Duration.ofSeconds(5),
			0.2);

	@Test
	void millisWhenNothingObservedOrFastEndpointThenFiveSeconds() {
		RenewalLead lead = new RenewalLead(THREE_ATTEMPTS);
		assertThat(lead.millis()).isEqualTo(5_000);
		lead.observe(80);
		assertThat(lead.millis()).isEqualTo(5_000);
	}

	@Test
	void millisWhenSlowEndpointThenEveryAttemptAtThatLatencyPlusTheBackOffBetweenThem() {
		RenewalLead lead = new RenewalLead(THREE_ATTEMPTS);
		lead.observe(4_000);
		assertThat(lead.millis()).isEqualTo(3 * 4_000 + 200 + 400);
	}

	@Test
	void millisWhenEndpointSlowerThanTenSecondsThenThirtySecondsAtMost() {
		RenewalLead lead = new RenewalLead(new RetrySpec(10, Duration.ofSeconds(1), Duration.ofSeconds(30), 0));
		lead.observe(60_000);
		assertThat(lead.millis()).isEqualTo(30_000);
	}

	@Test
	void observeWhenFastAfterSlowThenLeadDecaysByAQuarterEachTime() {
		RenewalLead lead = new RenewalLead(new RetrySpec(1, Duration.ZERO, Duration.ZERO, 0));
		lead.observe(20_000);
		assertThat(lead.millis()).isEqualTo(20_000);
		lead.observe(0);
		assertThat(lead.millis()).isEqualTo(15_000);
		lead.observe(0);
		assertThat(lead.millis()).isEqualTo(11_250);
		lead.observe(12_000);
		assertThat(lead.millis()).isEqualTo(12_000);
	}

}
