package dev.tokenstarter.autoconfigure.callback;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import dev.tokenstarter.autoconfigure.callback.CallbackTestSupport.MovingClock;
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
 * What the callback endpoint promises on either web stack, run on a real server by each stack's tests:
 * 204 for a delivery that completes a waiting fetch, 404 unsolicited, 409 replayed, 410 late, 400
 * malformed, 413 over the fetch's size limit, nothing stored on a refusal.
 *
 * @param <R> the context runner of the stack
 * @param <C> the application context of the stack
 * @param <A> the assertable context of the stack
 */
abstract class AbstractTokenCallbackEndpointTests<R extends AbstractApplicationContextRunner<R, C, A>,
		C extends ConfigurableApplicationContext, A extends ApplicationContextAssertProvider<C>> {

	static final String PATH = "/token-starter/callback/memories";

	/**
	 * Return a runner with the stack's server, token-starter and the callback auto-configuration.
	 */
	abstract R contextRunner();

	/**
	 * Return the port of the running server.
	 */
	abstract int port(A context);

	PendingCallback register(A context) {
		return context.getBean(PendingCallbacks.class)
			.register("memories", context.getBean(TokenClientDefinitions.class).find("memories").getTokenEndpoint());
	}

	@Test
	void callbackWhenDeliveryForPendingFetchThen204AndFetchGetsTokens() {
		contextRunner().withPropertyValues(MEMORIES).run((context) -> {
			PendingCallback callback = register(context);

			assertThat(post(port(context), PATH + "?state=" + callback.getState(), DELIVERY)).isEqualTo(204);

			assertThat(callback.await().accessToken().getTokenValue()).isEqualTo("at-cb-1");
			assertThat(callback.getUri()).hasToString("https://app.example.com" + PATH + "?state="
					+ callback.getState());
		});
	}

	@Test
	void callbackWhenStateUnknownMissingOrOtherClientsThen404AndFetchStillWaits() {
		contextRunner().withPropertyValues(MEMORIES).run((context) -> {
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
		contextRunner().withPropertyValues(MEMORIES).run((context) -> {
			PendingCallback callback = register(context);
			post(port(context), PATH + "?state=" + callback.getState(), DELIVERY);

			assertThat(post(port(context), PATH + "?state=" + callback.getState(), OTHER_DELIVERY)).isEqualTo(409);

			assertThat(callback.await().accessToken().getTokenValue()).isEqualTo("at-cb-1");
		});
	}

	@Test
	void callbackWhenAfterDeadlineThen410AndFetchTimedOut() {
		contextRunner().withPropertyValues(MEMORIES).run((context) -> {
			PendingCallback callback = register(context);
			context.getBean(MovingClock.class).advance(Duration.ofSeconds(30));

			assertThat(post(port(context), PATH + "?state=" + callback.getState(), DELIVERY)).isEqualTo(410);

			assertThat(catchThrowableOfType(TokenEndpointException.class, callback::await))
				.hasMessage("Token endpoint of client 'memories' delivered no token to the callback within 30 s");
		});
	}

	@Test
	void callbackWhenBodyMalformedThen400AndFetchFailsWithClearError() {
		contextRunner().withPropertyValues(MEMORIES).run((context) -> {
			PendingCallback callback = register(context);

			assertThat(post(port(context), PATH + "?state=" + callback.getState(), "{\"code\":\"0000\",\"da"))
				.isEqualTo(400);

			assertThat(catchThrowableOfType(TokenEndpointException.class, callback::await))
				.hasMessage("Token endpoint of client 'memories' posted to the callback malformed or truncated JSON");
		});
	}

	@Test
	void callbackWhenBodyOverLimitThen413AndFetchFailsNamingTheLimit() {
		contextRunner().withPropertyValues(MEMORIES).run((context) -> {
			PendingCallback callback = context.getBean(PendingCallbacks.class)
				.register("memories", context.getBean(TokenClientDefinitions.class).find("memories").getTokenEndpoint(),
						DataSize.ofKilobytes(1));
			String oversized = DELIVERY.replace("{", "{\"padding\":\"" + "x".repeat(2048) + "\",");

			assertThat(post(port(context), PATH + "?state=" + callback.getState(), oversized)).isEqualTo(413);

			TokenEndpointException ex = catchThrowableOfType(TokenEndpointException.class, callback::await);
			assertThat(ex.getError().getErrorCode()).isEqualTo(TokenEndpointException.RESPONSE_TOO_LARGE);
			assertThat(ex).hasMessage("Token endpoint of client 'memories' posted to the callback a body over the "
					+ "max-response-size of 1 KB; it was not read further");
			assertThat(post(port(context), PATH + "?state=" + callback.getState(), DELIVERY)).isEqualTo(409);
		});
	}

	@Test
	void callbackWhenCustomPathThenRouteThere() {
		contextRunner().withPropertyValues(MEMORIES)
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
		contextRunner().withPropertyValues("token-starter.clients.other.token.uri=https://api.example.com/token")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(PendingCallbacks.class);
				assertThat(context).doesNotHaveBean("tokenStarterCallbackRoute");
			});
	}

	@Test
	void autoConfigurationWhenBaseUrlMissingThenFailureNamesKey() {
		contextRunner().withPropertyValues(MEMORIES)
			.withPropertyValues("token-starter.callback.base-url=")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("token-starter.callback.base-url must be set"));
	}

	@Test
	void autoConfigurationWhenUserPendingCallbacksThenUsedByRoute() {
		contextRunner().withPropertyValues(MEMORIES)
			.withUserConfiguration(UserPendingCallbacks.class)
			.run((context) -> {
				assertThat(context).getBean(PendingCallbacks.class).isSameAs(context.getBean("userCallbacks"));
				PendingCallback callback = register(context);
				assertThat(callback.getUri()).hasToString("https://user.example.com/cb/memories?state="
						+ callback.getState());
				assertThat(post(port(context), PATH + "?state=" + callback.getState(), DELIVERY)).isEqualTo(204);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserPendingCallbacks {

		@Bean
		PendingCallbacks userCallbacks() {
			return new PendingCallbacks("https://user.example.com/cb");
		}

	}

}
