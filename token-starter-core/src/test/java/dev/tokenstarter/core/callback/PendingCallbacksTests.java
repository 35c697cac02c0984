package dev.tokenstarter.core.callback;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;

import dev.tokenstarter.core.definition.BodyFormat;
import dev.tokenstarter.core.definition.ExpirySpec;
import dev.tokenstarter.core.definition.ResponseSource;
import dev.tokenstarter.core.definition.ResponseValueRule;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.definition.TokenResponseSpec;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.response.TokenResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link PendingCallbacks}.
 *
 * @author token-starter
 */
class PendingCallbacksTests {

	private static final Instant START = Instant.parse("2025-06-20T02:00:00Z");

	private static final String BASE = "https://app.example.com/token-starter/callback";

	private static final String DELIVERY = "{\"code\":\"0000\",\"msg\":\"success\",\"data\":{\"accessToken\":"
			+ "\"at-cb-1\",\"type\":\"Bearer\",\"expiresIn\":7200,\"refreshToken\":\"rt-cb-1\","
			+ "\"refreshExpiresIn\":5184000}}";

	private static final String OTHER_DELIVERY = DELIVERY.replace("at-cb-1", "at-cb-2");

	private final AtomicReference<Instant> now = new AtomicReference<>(START);

	private final ManualDelayer delayer = new ManualDelayer();

	private PendingCallbacks callbacks;

	@BeforeEach
	void createCallbacks() {
		this.callbacks = new PendingCallbacks(BASE + "/");
		this.callbacks.setClock(new MovingClock(this.now));
		this.callbacks.setDelayer(this.delayer);
	}

	@Test
	void registerThenCallbackUriNamesClientAndOneTimeState() {
		PendingCallback first = this.callbacks.register("memories", memories(Duration.ofSeconds(30)));
		PendingCallback second = this.callbacks.register("memories", memories(Duration.ofSeconds(30)));

		assertThat(first.getState()).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(second.getState());
		assertThat(first.getUri()).hasToString(BASE + "/memories?state=" + first.getState());
		assertThat(first.getRegistrationId()).isEqualTo("memories");
		assertThat(first.getDeadline()).isEqualTo(START.plusSeconds(30));
		assertThat(this.delayer.delays()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(30));
		assertThat(first.getFuture()).isNotDone();
		assertThat(first.toString()).doesNotContain(first.getState());
	}

	@Test
	void registerWhenRegistrationIdNeedsEncodingThenPathSegmentEncoded() {
		PendingCallback callback = this.callbacks.register("my client/1", memories(Duration.ofSeconds(30)));

		assertThat(callback.getUri().getRawPath()).isEqualTo("/token-starter/callback/my%20client%2F1");
	}

	@Test
	void deliverWhenPendingThenAcceptedAndFetchGetsMappedTokens() {
		PendingCallback callback = this.callbacks.register("memories", memories(Duration.ofSeconds(30)));
		this.now.set(START.plusSeconds(5));

		CallbackOutcome outcome = deliver("memories", callback.getState(), DELIVERY);

		assertThat(outcome).isEqualTo(CallbackOutcome.ACCEPTED);
		assertThat(outcome.status()).isEqualTo(HttpStatus.NO_CONTENT);
		TokenResponse tokens = callback.getFuture().join();
		assertThat(tokens.accessToken().getTokenValue()).isEqualTo("at-cb-1");
		assertThat(tokens.accessToken().getIssuedAt()).isEqualTo(START.plusSeconds(5));
		assertThat(tokens.accessToken().getExpiresAt()).isEqualTo(START.plusSeconds(5 + 7200));
		assertThat(tokens.refreshToken().getTokenValue()).isEqualTo("rt-cb-1");
		assertThat(callback.await()).isSameAs(tokens);
	}

	@Test
	void deliverWhenStateUnknownOrMissingThenUnsolicited() {
		PendingCallback callback = this.callbacks.register("memories", memories(Duration.ofSeconds(30)));

		assertThat(deliver("memories", "AAAAAAAAAAAAAAAAAAAAAA", DELIVERY)).isEqualTo(CallbackOutcome.UNSOLICITED);
		assertThat(deliver("memories", null, DELIVERY)).isEqualTo(CallbackOutcome.UNSOLICITED);
		assertThat(deliver("memories", "", DELIVERY)).isEqualTo(CallbackOutcome.UNSOLICITED);
		assertThat(CallbackOutcome.UNSOLICITED.status()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(callback.getFuture()).isNotDone();
	}

	@Test
	void deliverWhenStateOfAnotherClientThenUnsolicitedAndThatFetchStillWaits() {
		PendingCallback callback = this.callbacks.register("memories", memories(Duration.ofSeconds(30)));

		assertThat(deliver("other", callback.getState(), OTHER_DELIVERY)).isEqualTo(CallbackOutcome.UNSOLICITED);
		assertThat(this.callbacks.rejectionOf("other", callback.getState())).isEqualTo(CallbackOutcome.UNSOLICITED);

		assertThat(callback.getFuture()).isNotDone();
		assertThat(deliver("memories", callback.getState(), DELIVERY)).isEqualTo(CallbackOutcome.ACCEPTED);
		assertThat(callback.await().accessToken().getTokenValue()).isEqualTo("at-cb-1");
	}

	@Test
	void deliverWhenDeliveredAlreadyThenReplayedAndTokensUnchanged() {
		PendingCallback callback = this.callbacks.register("memories", memories(Duration.ofSeconds(30)));
		deliver("memories", callback.getState(), DELIVERY);

		CallbackOutcome replay = deliver("memories", callback.getState(), OTHER_DELIVERY);

		assertThat(replay).isEqualTo(CallbackOutcome.REPLAYED);
		assertThat(replay.status()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(this.callbacks.rejectionOf("memories", callback.getState())).isEqualTo(CallbackOutcome.REPLAYED);
		assertThat(callback.await().accessToken().getTokenValue()).isEqualTo("at-cb-1");
	}

	@Test
	void deliverWhenDeadlinePassedThenLateAndFetchTimesOut() {
		PendingCallback callback = this.callbacks.register("memories", memories(Duration.ofSeconds(30)));
		this.now.set(START.plusSeconds(30));

		CallbackOutcome outcome = deliver("memories", callback.getState(), DELIVERY);

		assertThat(outcome).isEqualTo(CallbackOutcome.LATE);
		assertThat(outcome.status()).isEqualTo(HttpStatus.GONE);
		TokenEndpointException failure = catchThrowableOfType(TokenEndpointException.class, callback::await);
		assertThat(failure.getError().getErrorCode()).isEqualTo(PendingCallbacks.CALLBACK_TIMEOUT);
	}

	@Test
	void registerWhenNoDeliveryBeforeTimeoutThenFetchFailsWithClearErrorAndLaterDeliveryIsLate() {
		PendingCallback callback = this.callbacks.register("memories", memories(Duration.ofSeconds(30)));
		assertThat(this.callbacks.rejectionOf("memories", callback.getState())).isNull();

		this.delayer.runAll();

		TokenEndpointException failure = catchThrowableOfType(TokenEndpointException.class, callback::await);
		assertThat(failure).hasMessage(
				"Token endpoint of client 'memories' delivered no token to the callback within 30 s");
		assertThat(failure.getError().getErrorCode()).isEqualTo(PendingCallbacks.CALLBACK_TIMEOUT);
		assertThat(failure.getClientRegistrationId()).isEqualTo("memories");
		assertThat(failure.getStatusCode()).isZero();
		assertThat(failure.isTransient()).isFalse();
		assertThat(this.callbacks.rejectionOf("memories", callback.getState())).isEqualTo(CallbackOutcome.LATE);
		assertThat(deliver("memories", callback.getState(), DELIVERY)).isEqualTo(CallbackOutcome.LATE);
	}

	@Test
	void registerWhenTimeoutBelowOneSecondThenMessageInMilliseconds() {
		PendingCallback callback = this.callbacks.register("memories", memories(Duration.ofMillis(250)));

		this.delayer.runAll();

		assertThat(catchThrowableOfType(TokenEndpointException.class, callback::await))
			.hasMessageEndingWith("within 250 ms");
	}

	@Test
	void registerWhenTimeoutAfterDeliveryThenTokensKept() {
		PendingCallback callback = this.callbacks.register("memories", memories(Duration.ofSeconds(30)));
		deliver("memories", callback.getState(), DELIVERY);

		this.delayer.runAll();

		assertThat(callback.await().accessToken().getTokenValue()).isEqualTo("at-cb-1");
	}

	@Test
	void deliverWhenBodyMalformedThenInvalidAndFetchFailsWithClearError() {
		PendingCallback callback = this.callbacks.register("memories", memories(Duration.ofSeconds(30)));

		CallbackOutcome outcome = deliver("memories", callback.getState(), "{\"code\":\"0000\",\"data\":{\"acc");

		assertThat(outcome).isEqualTo(CallbackOutcome.INVALID);
		assertThat(outcome.status()).isEqualTo(HttpStatus.BAD_REQUEST);
		TokenEndpointException failure = catchThrowableOfType(TokenEndpointException.class, callback::await);
		assertThat(failure).hasMessage(
				"Token endpoint of client 'memories' posted to the callback malformed or truncated JSON");
		assertThat(failure.getError().getErrorCode()).isEqualTo(TokenEndpointException.INVALID_TOKEN_RESPONSE);
		assertThat(deliver("memories", callback.getState(), DELIVERY)).isEqualTo(CallbackOutcome.REPLAYED);
	}

	@Test
	void deliverWhenApiReportsErrorThenInvalidAndFetchFailsWithApiError() {
		PendingCallback callback = this.callbacks.register("memories", memories(Duration.ofSeconds(30)));

		CallbackOutcome outcome = deliver("memories", callback.getState(),
				"{\"code\":\"1429\",\"msg\":\"daily token limit reached\",\"data\":{\"accessToken\":\"at-stale\"}}");

		assertThat(outcome).isEqualTo(CallbackOutcome.INVALID);
		TokenEndpointException failure = catchThrowableOfType(TokenEndpointException.class, callback::await);
		assertThat(failure).hasMessage("Token endpoint of client 'memories' posted to the callback error code "
				+ "'1429': daily token limit reached");
		assertThat(failure.getError().getErrorCode()).isEqualTo("1429");
		assertThat(failure.getMessage()).doesNotContain("at-stale");
	}

	@Test
	void deliverWhenFetchAbandonedThenLate() {
		PendingCallback callback = this.callbacks.register("memories", memories(Duration.ofSeconds(30)));

		callback.abandon();

		assertThat(deliver("memories", callback.getState(), DELIVERY)).isEqualTo(CallbackOutcome.LATE);
		assertThat(catchThrowableOfType(TokenEndpointException.class, callback::await).getError().getErrorCode())
			.isEqualTo(PendingCallbacks.CALLBACK_ABANDONED);
	}

	@Test
	void deliverWhenStateOlderThanRetentionThenForgottenAndUnsolicited() {
		this.callbacks.setRetention(Duration.ofMinutes(5));
		PendingCallback callback = this.callbacks.register("memories", memories(Duration.ofSeconds(30)));
		this.delayer.runAll();

		this.now.set(START.plusSeconds(30).plus(Duration.ofMinutes(5)).minusMillis(1));
		assertThat(deliver("memories", callback.getState(), DELIVERY)).isEqualTo(CallbackOutcome.LATE);
		this.now.set(START.plusSeconds(30).plus(Duration.ofMinutes(5)));
		assertThat(deliver("memories", callback.getState(), DELIVERY)).isEqualTo(CallbackOutcome.UNSOLICITED);
	}

	@Test
	void maxBodySizeWhenPendingThenItsLimitElseTheDefault() {
		PendingCallback small = this.callbacks.register("memories", memories(Duration.ofSeconds(30)),
				DataSize.ofKilobytes(2));
		PendingCallback usual = this.callbacks.register("memories", memories(Duration.ofSeconds(30)));

		assertThat(this.callbacks.maxBodySize("memories", small.getState())).isEqualTo(2048);
		assertThat(this.callbacks.maxBodySize("memories", usual.getState())).isEqualTo(65536);
		assertThat(this.callbacks.maxBodySize("memories", "unknown")).isEqualTo(65536);
	}

	@Test
	void deliverTooLargeWhenPendingThenFetchFailsNamingTheLimitAndLaterDeliveryIsReplayed() {
		PendingCallback callback = this.callbacks.register("memories", memories(Duration.ofSeconds(30)),
				DataSize.ofKilobytes(2));

		assertThat(this.callbacks.deliverTooLarge("memories", callback.getState()))
			.isEqualTo(CallbackOutcome.TOO_LARGE);
		assertThat(CallbackOutcome.TOO_LARGE.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);

		TokenEndpointException ex = catchThrowableOfType(TokenEndpointException.class, callback::await);
		assertThat(ex.getError().getErrorCode()).isEqualTo(TokenEndpointException.RESPONSE_TOO_LARGE);
		assertThat(ex.isTransient()).isFalse();
		assertThat(ex).hasMessage("Token endpoint of client 'memories' posted to the callback a body over the "
				+ "max-response-size of 2 KB; it was not read further");
		assertThat(deliver("memories", callback.getState(), DELIVERY)).isEqualTo(CallbackOutcome.REPLAYED);
		assertThat(this.callbacks.deliverTooLarge("memories", "unknown")).isEqualTo(CallbackOutcome.UNSOLICITED);
	}

	@Test
	void rejectionOfWhenPendingThenNullSoTheBodyIsRead() {
		PendingCallback callback = this.callbacks.register("memories", memories(Duration.ofSeconds(30)));

		assertThat(this.callbacks.rejectionOf("memories", callback.getState())).isNull();
		assertThat(this.callbacks.rejectionOf("memories", "unknown")).isEqualTo(CallbackOutcome.UNSOLICITED);
		assertThat(this.callbacks.rejectionOf("memories", null)).isEqualTo(CallbackOutcome.UNSOLICITED);
		assertThat(callback.getFuture()).isNotDone();
	}

	@Test
	void getFutureWhenCompletedByCallerThenFetchUnaffected() {
		PendingCallback callback = this.callbacks.register("memories", memories(Duration.ofSeconds(30)));

		callback.getFuture().cancel(true);

		assertThat(deliver("memories", callback.getState(), DELIVERY)).isEqualTo(CallbackOutcome.ACCEPTED);
		assertThat(callback.await().accessToken().getTokenValue()).isEqualTo("at-cb-1");
	}

	@Test
	void awaitWhenInterruptedThenAbandonsAndLaterDeliveryIsLate() throws Exception {
		PendingCallback callback = this.callbacks.register("memories", memories(Duration.ofSeconds(30)));
		CountDownLatch waiting = new CountDownLatch(1);
		CompletableFuture<Throwable> outcome = new CompletableFuture<>();
		Thread waiter = new Thread(() -> {
			waiting.countDown();
			try {
				callback.await();
				outcome.complete(null);
			}
			catch (Throwable ex) {
				outcome.complete(ex);
			}
		}, "callback-waiter");
		waiter.start();
		assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();

		waiter.interrupt();

		Throwable failure = outcome.get(10, TimeUnit.SECONDS);
		assertThat(failure).isInstanceOf(TokenEndpointException.class);
		assertThat(((TokenEndpointException) failure).getError().getErrorCode())
			.isEqualTo(PendingCallbacks.CALLBACK_ABANDONED);
		assertThat(deliver("memories", callback.getState(), DELIVERY)).isEqualTo(CallbackOutcome.LATE);
	}

	@Test
	void deliverWhenManyThreadsDeliverAtOnceThenExactlyOneAccepted() throws Exception {
		PendingCallback callback = this.callbacks.register("memories", memories(Duration.ofSeconds(30)));
		int threads = 8;
		CountDownLatch ready = new CountDownLatch(threads);
		CountDownLatch go = new CountDownLatch(1);
		CompletableFuture<?>[] deliveries = new CompletableFuture<?>[threads];
		CallbackOutcome[] outcomes = new CallbackOutcome[threads];
		for (int i = 0; i < threads; i++) {
			int index = i;
			deliveries[i] = CompletableFuture.runAsync(() -> {
				ready.countDown();
				try {
					assertThat(go.await(10, TimeUnit.SECONDS)).isTrue();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				outcomes[index] = deliver("memories", callback.getState(), DELIVERY.replace("at-cb-1", "at-" + index));
			}, runnable -> new Thread(runnable, "deliverer-" + index).start());
		}
		assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();

		go.countDown();

		awaitOrDumpThreads(CompletableFuture.allOf(deliveries));
		assertThat(outcomes).filteredOn(CallbackOutcome.ACCEPTED::equals).hasSize(1);
		assertThat(outcomes).filteredOn(CallbackOutcome.REPLAYED::equals).hasSize(threads - 1);
		assertThat(callback.await().accessToken().getTokenValue()).startsWith("at-");
	}

	@Test
	void constructorWhenCallbackUriNotAbsoluteHttpOrHasQueryThenIllegalArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PendingCallbacks("/token-starter/callback"))
			.withMessageContaining("/token-starter/callback");
		assertThatIllegalArgumentException().isThrownBy(() -> new PendingCallbacks("ftp://app.example.com/cb"));
		assertThatIllegalArgumentException().isThrownBy(() -> new PendingCallbacks(BASE + "?x=1"));
	}

	private static void awaitOrDumpThreads(CompletableFuture<?> future) throws Exception {
		try {
			future.get(10, TimeUnit.SECONDS);
		}
		catch (TimeoutException ex) {
			StringBuilder dump = new StringBuilder("Deliveries did not end within 10 seconds; threads:\n");
			Thread.getAllStackTraces().forEach((thread, stack) -> {
				dump.append(thread.getName()).append('\n');
				for (StackTraceElement element : stack) {
					dump.append("\tat ").append(element).append('\n');
				}
			});
			throw new AssertionError(dump.toString(), ex);
		}
	}

	private CallbackOutcome deliver(String registrationId, String state, String body) {
		return this.callbacks.deliver(registrationId, state, MediaType.APPLICATION_JSON,
				body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Seed 000: an envelope whose /code is "0000" on success.
	 */
	private static TokenEndpointSpec memories(Duration timeout) {
		TokenRequestSpec request = TokenRequestSpec.post("https://api.example.com/auth/api/token/getAccessToken")
			.withBody(BodyFormat.JSON, Map.of("callbackUri", "{callback-uri}"));
		TokenResponseSpec response = new TokenResponseSpec(ResponseSource.body("/data/accessToken"),
				ResponseSource.body("/data/refreshToken"), ResponseSource.body("/data/type"),
				ExpirySpec.seconds("/data/expiresIn"), ExpirySpec.seconds("/data/refreshExpiresIn"),
				new ResponseValueRule(ResponseSource.body("/code"), Set.of("0000")), TokenResponseSpec.DEFAULT_ERROR_CODE,
				TokenResponseSpec.DEFAULT_ERROR_MESSAGE);
		return new TokenEndpointSpec(request, response).withCallbackDelivery(timeout);
	}

	/**
	 * A clock that tests move by setting its instant.
	 */
	private static final class MovingClock extends Clock {

		private final AtomicReference<Instant> now;

		MovingClock(AtomicReference<Instant> now) {
			this.now = now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now.get();
		}

	}

}
