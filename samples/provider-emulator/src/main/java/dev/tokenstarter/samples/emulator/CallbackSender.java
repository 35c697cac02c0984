package dev.tokenstarter.samples.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts tokens to callback URIs from threads of its own, as a provider that delivers tokens by
 * callback does after answering the token request, and records how each post was answered.
 */
final class CallbackSender implements AutoCloseable {

	private static final Pattern STATE = Pattern.compile("([?&]state=)([^&]*)");

	private final HttpClient httpClient = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final ExecutorService executor = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "provider-emulator-callback");
		thread.setDaemon(true);
		return thread;
	});

	private final List<CallbackAttempt> attempts = new ArrayList<>();

	private final List<Runnable> held = new ArrayList<>();

	private CallbackMode mode = CallbackMode.ONCE;

	private Duration delay = Duration.ZERO;

	synchronized void mode(CallbackMode mode) {
		this.mode = Objects.requireNonNull(mode, "mode cannot be null");
	}

	synchronized void delay(Duration delay) {
		Objects.requireNonNull(delay, "delay cannot be null");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative but was " + delay);
		}
		this.delay = delay;
	}

	/**
	 * Post a JSON body to a callback URI later, on another thread, as the mode says.
	 */
	synchronized void send(String provider, String callbackUri, String body) {
		Runnable delivery = switch (this.mode) {
			case ONCE, HOLD -> () -> post(provider, callbackUri, body);
			case TWICE -> () -> {
				post(provider, callbackUri, body);
				post(provider, callbackUri, body);
			};
			case WRONG_STATE -> () -> post(provider, withOtherState(callbackUri), body);
			case NEVER -> null;
		};
		if (delivery == null) {
			return;
		}
		if (this.mode == CallbackMode.HOLD) {
			this.held.add(delivery);
			return;
		}
		CompletableFuture.runAsync(delivery, this.delay.isZero() ? this.executor
				: CompletableFuture.delayedExecutor(this.delay.toNanos(), TimeUnit.NANOSECONDS, this.executor));
	}

	/**
	 * Post every held delivery now.
	 */
	void release() {
		List<Runnable> deliveries;
		synchronized (this) {
			deliveries = List.copyOf(this.held);
			this.held.clear();
		}
		deliveries.forEach((delivery) -> CompletableFuture.runAsync(delivery, this.executor));
	}

	synchronized List<CallbackAttempt> attempts(String provider) {
		return this.attempts.stream().filter((attempt) -> attempt.provider().equals(provider)).toList();
	}

	/**
	 * Wait until a provider made at least {@code count} posts.
	 */
	synchronized List<CallbackAttempt> awaitAttempts(String provider, int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<CallbackAttempt> made = attempts(provider);
		while (made.size() < count) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				throw new IllegalStateException("Expected " + count + " callback posts of " + provider + " within "
						+ timeout + " but got " + made);
			}
			try {
				TimeUnit.NANOSECONDS.timedWait(this, remaining);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for callback posts", ex);
			}
			made = attempts(provider);
		}
		return made;
	}

	synchronized void reset() {
		this.attempts.clear();
		this.held.clear();
		this.mode = CallbackMode.ONCE;
		this.delay = Duration.ZERO;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	private void post(String provider, String callbackUri, String body) {
		int status;
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(callbackUri))
				.timeout(Duration.ofSeconds(10))
				.header("Content-Type", EmulatorResponse.APPLICATION_JSON)
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			status = this.httpClient.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException | RuntimeException ex) {
			status = 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			status = 0;
		}
		synchronized (this) {
			this.attempts.add(new CallbackAttempt(provider, callbackUri, status));
			notifyAll();
		}
	}

	private static String withOtherState(String callbackUri) {
		String forged = UUID.randomUUID().toString().replace("-", "");
		Matcher state = STATE.matcher(callbackUri);
		if (state.find()) {
			return callbackUri.substring(0, state.start(2)) + forged + callbackUri.substring(state.end(2));
		}
		return callbackUri + ((callbackUri.indexOf('?') < 0) ? "?" : "&") + "state=" + forged;
	}

}
