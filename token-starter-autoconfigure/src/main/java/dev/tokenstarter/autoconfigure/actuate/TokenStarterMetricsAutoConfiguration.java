package dev.tokenstarter.autoconfigure.actuate;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.tokenstarter.autoconfigure.TokenStarterAutoConfiguration;
import dev.tokenstarter.autoconfigure.TokenStarterClients;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;
import dev.tokenstarter.core.lifecycle.TickingClock;

/**
 * Auto-configuration of {@link TokenStarterMetrics}, when the application has a Micrometer
 * {@link MeterRegistry}. The metrics are also a lifecycle listener, which the token clients pick up.
 * The optional classes are named as strings, so that the condition holds even where this class is read
 * reflectively without them on the classpath (a class literal would make the annotation unreadable and
 * silently dropped).
 *
 * @author token-starter
 */
@AutoConfiguration(after = TokenStarterAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
@ConditionalOnBean(value = TokenStarterClients.class, type = "io.micrometer.core.instrument.MeterRegistry")
public final class TokenStarterMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TokenStarterMetrics tokenStarterMetrics(ObjectProvider<TokenStarterClients> clients,
			IssuanceBudget issuanceBudget, ObjectProvider<Clock> clock) {
		return new TokenStarterMetrics(clients::getObject, issuanceBudget, clock.getIfUnique(TickingClock::systemUTC));
	}

}
