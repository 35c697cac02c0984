package dev.tokenstarter.core.callback;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import dev.tokenstarter.core.definition.TokenResponseSpec;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.response.TokenResponse;

/**
 * A token fetch waiting for its delivery to the callback, registered with {@link PendingCallbacks}. Its
 * one-time state correlates the delivery with it; it ends once, with the delivered tokens, an error, a
 * time-out, or when the fetch gives up.
 *
 * @author token-starter
 */
public final class PendingCallback {

	private final String registrationId;

	private final String state;

	private final URI uri;

	private final TokenResponseSpec response;

	private final Duration timeout;

	private final Instant deadline;

	private final Instant forgetAt;

	private final int maxBodySize;

	private final AtomicReference<Status> status = new AtomicReference<>(Status.PENDING);

	private final CompletableFuture<TokenResponse> future = new CompletableFuture<>();

	PendingCallback(String registrationId, String state, URI uri, TokenResponseSpec response, Duration timeout,
			Instant deadline, Instant forgetAt, int maxBodySize) {
		this.registrationId = registrationId;
		this.state = state;
		this.uri = uri;
		this.response = response;
		this.timeout = timeout;
		this.deadline = deadline;
		this.forgetAt = forgetAt;
		this.maxBodySize = maxBodySize;
	}

	/**
	 * Return the client whose fetch this is.
	 * @return the registration id
	 */
	public String getRegistrationId() {
		return this.registrationId;
	}

	/**
	 * Return the one-time state, 128 random bits in URL-safe base64.
	 * @return the state
	 */
	public String getState() {
		return this.state;
	}

	/**
	 * Return the callback URL the API is to post the tokens to, state included.
	 * @return the URL
	 */
	public URI getUri() {
		return this.uri;
	}

	/**
	 * Return when the fetch stops waiting.
	 * @return the deadline
	 */
	public Instant getDeadline() {
		return this.deadline;
	}

	/**
	 * Return a future of the delivered tokens, failing with a {@link TokenEndpointException} when the
	 * delivery is no token response or none comes in time. Completing it has no effect on the fetch.
	 * @return the future
	 */
	public CompletableFuture<TokenResponse> getFuture() {
		return this.future.copy();
	}

	/**
	 * Wait for the delivered tokens, blocking.
	 * @return the tokens
	 * @throws TokenEndpointException when the delivery is no token response, none comes in time, or the
	 * thread is interrupted
	 */
	public TokenResponse await() {
		try {
			return this.future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			abandon();
			throw abandoned(ex);
		}
		catch (CancellationException ex) {
			throw abandoned(ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * Stop waiting: a later delivery is refused as {@link CallbackOutcome#LATE}. Does nothing once the
	 * fetch has ended.
	 */
	public void abandon() {
		if (this.status.compareAndSet(Status.PENDING, Status.ABANDONED)) {
			this.future.cancel(false);
		}
	}

	@Override
	public String toString() {
		return "PendingCallback{registrationId='" + this.registrationId + "', deadline=" + this.deadline + ", status="
				+ this.status.get() + "}";
	}

	TokenResponseSpec response() {
		return this.response;
	}

	Instant forgetAt() {
		return this.forgetAt;
	}

	int maxBodySize() {
		return this.maxBodySize;
	}

	Status status() {
		return this.status.get();
	}

	/**
	 * Take the delivery: only the first caller of a pending callback gets {@code true}.
	 */
	boolean claim() {
		return this.status.compareAndSet(Status.PENDING, Status.DELIVERED);
	}

	void complete(TokenResponse tokens) {
		this.future.complete(tokens);
	}

	void fail(TokenEndpointException failure) {
		this.future.completeExceptionally(failure);
	}

	/**
	 * End a fetch still waiting with a time-out error.
	 */
	boolean expire() {
		if (!this.status.compareAndSet(Status.PENDING, Status.EXPIRED)) {
			return false;
		}
		String message = "Token endpoint of client '" + this.registrationId
				+ "' delivered no token to the callback within " + describe(this.timeout);
		this.future.completeExceptionally(new TokenEndpointException(this.registrationId, 0,
				PendingCallbacks.CALLBACK_TIMEOUT, message, false, null));
		return true;
	}

	private TokenEndpointException abandoned(Exception cause) {
		return new TokenEndpointException(this.registrationId, 0, PendingCallbacks.CALLBACK_ABANDONED,
				"Client '" + this.registrationId + "' stopped waiting for its token delivery to the callback", true,
				cause);
	}

	private static String describe(Duration timeout) {
		return (timeout.toMillis() % 1000 == 0) ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
	}

	enum Status {

		PENDING, DELIVERED, EXPIRED, ABANDONED

	}

}
