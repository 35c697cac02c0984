package dev.tokenstarter.autoconfigure.callback;


import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.web.context.ConfigurableWebApplicationContext;
import org.springframework.web.servlet.function.RouterFunction;

import dev.tokenstarter.autoconfigure.TokenStarterAutoConfiguration;
import dev.tokenstarter.autoconfigure.callback.CallbackTestSupport.MovingClockConfiguration;
import dev.tokenstarter.core.callback.PendingCallbacks;

import static dev.tokenstarter.autoconfigure.callback.CallbackTestSupport.MEMORIES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenCallbackWebMvcAutoConfiguration}, on a real Tomcat.
 */
class TokenCallbackWebMvcAutoConfigurationTests extends
		AbstractTokenCallbackEndpointTests<WebApplicationContextRunner, ConfigurableWebApplicationContext,
		AssertableWebApplicationContext> {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner(
			AnnotationConfigServletWebServerApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
				TokenStarterAutoConfiguration.class, TokenCallbackWebMvcAutoConfiguration.class))
		.withUserConfiguration(MovingClockConfiguration.class)
		.withPropertyValues("server.port=0");

	@Override
	WebApplicationContextRunner contextRunner() {
		return this.contextRunner;
	}

	@Test
	void autoConfigurationWhenReactiveApplicationThenBacksOff() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TokenCallbackWebMvcAutoConfiguration.class))
			.withPropertyValues(MEMORIES)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(PendingCallbacks.class);
				assertThat(context).doesNotHaveBean(RouterFunction.class);
			});
	}

	@Test
	void autoConfigurationWhenSpringMvcAbsentThenBacksOff() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TokenCallbackWebMvcAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(RouterFunction.class))
			.withPropertyValues(MEMORIES)
			.run((context) -> assertThat(context).doesNotHaveBean(PendingCallbacks.class));
	}

	@Test
	void autoConfigurationWhenNotWebApplicationThenCallbackClientFailsToStartWithClearMessage() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TokenStarterAutoConfiguration.class,
					TokenCallbackWebMvcAutoConfiguration.class))
			.withPropertyValues(MEMORIES)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Token client 'memories' receives its tokens by callback, which needs a servlet"
						+ " or reactive web application"));
	}

	@Override
	int port(AssertableWebApplicationContext context) {
		return context.getSourceApplicationContext(ServletWebServerApplicationContext.class).getWebServer().getPort();
	}

}
