package dev.tokenstarter.autoconfigure.callback;

import java.time.Duration;

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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;

import dev.tokenstarter.autoconfigure.TokenStarterAutoConfiguration;
import dev.tokenstarter.autoconfigure.callback.CallbackTestSupport.MovingClock;
import dev.tokenstarter.autoconfigure.callback.CallbackTestSupport.MovingClockConfiguration;
import dev.tokenstarter.core.callback.PendingCallback;
import dev.tokenstarter.core.callback.PendingCallbacks;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.response.TokenEndpointException;

import static dev.tokenstarter.autoconfigure.callback.CallbackTestSupport.DELIVERY;
import static dev.tokenstarter.autoconfigure.callback.CallbackTestSupport.MEMORIES;
import static dev.tokenstarter.autoconfigure.callback.CallbackTestSupport.OTHER_DELIVERY;
import static dev.tokenstarter.autoconfigure.callback.CallbackTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link TokenCallbackWebMvcAutoConfiguration}, on a real Tomcat.
 */
class TokenCallbackWebMvcAutoConfigurationTests {

	private static final String PATH = "/token-starter/callback/memories";

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner(
			AnnotationConfigServletWebServerApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
				TokenStarterAutoConfiguration.class, TokenCallbackWebMvcAutoConfiguration.class))
		.withUserConfiguration(MovingClockConfiguration.class)
		.withPropertyValues("server.port=0");

	@Test
	void callbackWhenDeliveryForPendingFetchThen204AndFetchGetsTokens() {
		this.contextRunner.withPropertyValues(MEMORIES).run((context) -> {
			PendingCallback callback = register(context);

			assertThat(post(port(context), PATH + "?state=" + callback.getState(), DELIVERY)).isEqualTo(204);

			assertThat(callback.await().accessToken().getTokenValue()).isEqualTo("at-cb-1");
			assertThat(callback.getUri()).hasToString("https://app.example.com" + PATH + "?state="
					+ callback.getState());
		});
	}

	@Test
	void callbackWhenStateUnknownMissingOrOtherClientsThen404AndFetchStillWaits() {
		this.contextRunner.withPropertyValues(MEMORIES).run((context) -> {
			PendingCallback callback = register(context);

			assertThat(post(port(context), PATH + "?state=AAAAAAAAAAAAAAAAAAAAAA", DELIVERY)).isEqualTo(404);
			assertThat(post(port(context), PATH, DELIVERY)).isEqualTo(404);
			assertThat(post(port(context), "/token-starter/callback/other?state=" + callback.getState(), DELIVERY))
				.isEqualTo(404);

			assertThat(callback.getFuture()).isNotDone();
			assertThat(post(port(context), PATH + "?state=" + callback.getState(), DELIVERY)).isEqualTo(204);
		});
	}

	@Test
	void callbackWhenReplayedThen409AndTokensUnchanged() {
		this.contextRunner.withPropertyValues(MEMORIES).run((context) -> {
			PendingCallback callback = register(context);
			post(port(context), PATH + "?state=" + callback.getState(), DELIVERY);

			assertThat(post(port(context), PATH + "?state=" + callback.getState(), OTHER_DELIVERY)).isEqualTo(409);

			assertThat(callback.await().accessToken().getTokenValue()).isEqualTo("at-cb-1");
		});
	}

	@Test
	void callbackWhenAfterDeadlineThen410AndFetchTimedOut() {
		this.contextRunner.withPropertyValues(MEMORIES).run((context) -> {
			PendingCallback callback = register(context);
			context.getBean(MovingClock.class).advance(Duration.ofSeconds(30));

			assertThat(post(port(context), PATH + "?state=" + callback.getState(), DELIVERY)).isEqualTo(410);

			assertThat(catchThrowableOfType(TokenEndpointException.class, callback::await))
				.hasMessage("Token endpoint of client 'memories' delivered no token to the callback within 30 s");
		});
	}

	@Test
	void callbackWhenBodyMalformedThen400AndFetchFailsWithClearError() {
		this.contextRunner.withPropertyValues(MEMORIES).run((context) -> {
			PendingCallback callback = register(context);

			assertThat(post(port(context), PATH + "?state=" + callback.getState(), "{\"code\":\"0000\",\"da"))
				.isEqualTo(400);

			assertThat(catchThrowableOfType(TokenEndpointException.class, callback::await))
				.hasMessage("Token endpoint of client 'memories' posted to the callback malformed or truncated JSON");
		});
	}

	@Test
	void callbackWhenCustomPathThenRouteThere() {
		this.contextRunner.withPropertyValues(MEMORIES)
			.withPropertyValues("token-starter.callback.path=/hooks/tokens/")
			.run((context) -> {
				PendingCallback callback = register(context);
				assertThat(callback.getUri().getPath()).isEqualTo("/hooks/tokens/memories");

				assertThat(post(port(context), "/hooks/tokens/memories?state=" + callback.getState(), DELIVERY))
					.isEqualTo(204);
			});
	}

	@Test
	void autoConfigurationWhenNoClientUsesCallbackThenNoPendingCallbacksAndNoRoute() {
		this.contextRunner.withPropertyValues("token-starter.clients.other.token.uri=https://api.example.com/token")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(PendingCallbacks.class);
				assertThat(context).doesNotHaveBean("tokenStarterCallbackRoute");
			});
	}

	@Test
	void autoConfigurationWhenBaseUrlMissingThenFailureNamesKey() {
		this.contextRunner.withPropertyValues(MEMORIES)
			.withPropertyValues("token-starter.callback.base-url=")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("token-starter.callback.base-url must be set"));
	}

	@Test
	void autoConfigurationWhenUserPendingCallbacksThenUsedByRoute() {
		this.contextRunner.withPropertyValues(MEMORIES)
			.withUserConfiguration(UserPendingCallbacks.class)
			.run((context) -> {
				assertThat(context).getBean(PendingCallbacks.class).isSameAs(context.getBean("userCallbacks"));
				PendingCallback callback = register(context);
				assertThat(callback.getUri()).hasToString("https://user.example.com/cb/memories?state="
						+ callback.getState());
				assertThat(post(port(context), PATH + "?state=" + callback.getState(), DELIVERY)).isEqualTo(204);
			});
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

	private static PendingCallback register(AssertableWebApplicationContext context) {
		return context.getBean(PendingCallbacks.class)
			.register("memories", context.getBean(TokenClientDefinitions.class).find("memories").getTokenEndpoint());
	}

	private static int port(AssertableWebApplicationContext context) {
		return context.getSourceApplicationContext(ServletWebServerApplicationContext.class).getWebServer().getPort();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserPendingCallbacks {

		@Bean
		PendingCallbacks userCallbacks() {
			return new PendingCallbacks("https://user.example.com/cb");
		}

	}

}
