package dev.tokenstarter.autoconfigure.callback;


import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration;
import org.springframework.boot.web.context.reactive.ConfigurableReactiveWebApplicationContext;
import org.springframework.boot.web.server.reactive.context.AnnotationConfigReactiveWebServerApplicationContext;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.web.reactive.function.server.RouterFunction;

import dev.tokenstarter.autoconfigure.TokenStarterAutoConfiguration;
import dev.tokenstarter.autoconfigure.callback.CallbackTestSupport.MovingClockConfiguration;
import dev.tokenstarter.core.callback.PendingCallbacks;

import static dev.tokenstarter.autoconfigure.callback.CallbackTestSupport.MEMORIES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenCallbackWebFluxAutoConfiguration}, on a real Tomcat serving WebFlux, so that no
 * reactor-netty is needed.
 */
class TokenCallbackWebFluxAutoConfigurationTests extends
		AbstractTokenCallbackEndpointTests<ReactiveWebApplicationContextRunner,
		ConfigurableReactiveWebApplicationContext, AssertableReactiveWebApplicationContext> {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner(
			AnnotationConfigReactiveWebServerApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(TomcatReactiveWebServerAutoConfiguration.class,
				HttpHandlerAutoConfiguration.class, WebFluxAutoConfiguration.class,
				TokenStarterAutoConfiguration.class, TokenCallbackWebFluxAutoConfiguration.class))
		.withUserConfiguration(MovingClockConfiguration.class)
		.withPropertyValues("server.port=0");

	@Override
	ReactiveWebApplicationContextRunner contextRunner() {
		return this.contextRunner;
	}

	@Test
	void autoConfigurationWhenServletApplicationThenBacksOff() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TokenCallbackWebFluxAutoConfiguration.class))
			.withPropertyValues(MEMORIES)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(PendingCallbacks.class);
				assertThat(context).doesNotHaveBean(RouterFunction.class);
			});
	}

	@Test
	void autoConfigurationWhenWebFluxAbsentThenBacksOff() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TokenCallbackWebFluxAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(RouterFunction.class))
			.withPropertyValues(MEMORIES)
			.run((context) -> assertThat(context).doesNotHaveBean(PendingCallbacks.class));
	}

	@Test
	void autoConfigurationWhenNotWebApplicationThenCallbackClientFailsToStartWithClearMessage() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TokenStarterAutoConfiguration.class,
					TokenCallbackWebFluxAutoConfiguration.class))
			.withPropertyValues(MEMORIES)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Token client 'memories' receives its tokens by callback, which needs a servlet"
						+ " or reactive web application"));
	}

	@Override
	int port(AssertableReactiveWebApplicationContext context) {
		return context.getSourceApplicationContext(ReactiveWebServerApplicationContext.class).getWebServer().getPort();
	}

}
