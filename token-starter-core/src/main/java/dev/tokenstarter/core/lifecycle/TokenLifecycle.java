package dev.tokenstarter.core.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.lifecycle.TokenLifecycleListener.RenewalReason;
import dev.tokenstarter.core.response.TokenEndpointException;

/**
 * Keeps one client's token fresh while spending the fewest token requests possible.
 * <ul>
 * <li>Single-flight: however many threads or subscribers need a token at once, one renewal is in
 * flight and all of them share its outcome; a failure fails its waiters and does not stick.</li>
 * <li>Refresh-ahead: shortly before the token becomes unusable (by default the time a renewal may take,
 * learnt from the latency of its token requests; see {@link LifecycleSpec}), one renewal starts in the
 * background while callers keep using the still-valid token. While the issuance budget runs low, the
 * token is renewed at expiry only.</li>
 * <li>Transient failures (5xx, 429, time-outs, connection errors) are retried with exponential back-off
 * and jitter, waiting at least as long as a {@code Retry-After} asks within the maximum back-off; refusals
 * are not retried. After a failure, callers are not each sent to the failing endpoint: they keep a
 * still-valid token, or fail fast with the last error until the back-off has passed.</li>
 * <li>With an {@link #setAcquireTimeout acquire timeout}, no caller waits longer than that for a renewal,
 * whatever its retries: a caller that gives up leaves the renewal running in the background, and keeps
 * no thread, subscription or lock of its own.</li>
 * </ul>
 * The obtaining of a cached token costs a volatile read, a clock read and the count of a cache hit.
 * Renewals are reported to a {@link TokenLifecycleListener}, and {@link #state()} tells how the client
 * stands.
 *
 * @author token-starter
 */
public final class TokenLifecycle {

	private static final Log logger = LogFactory.getLog(TokenLifecycle.class);

	private final String registrationId;

	private final LifecycleSpec spec;

	private final Renewer blockingRenewer;

	private final Renewer reactiveRenewer;

	private final AtomicReference<@Nullable TokenState> state = new AtomicReference<>();

	private final AtomicReference<@Nullable CompletableFuture<TokenState>> renewal = new AtomicReference<>();

	private final Backoff backoff;

	private final RenewalLead lead;

	private volatile @Nullable IssuanceBudget issuanceBudget;

	private final AtomicBoolean checkingBudget = new AtomicBoolean();

	private volatile long aheadPausedUntil;

	private volatile long quietUntil;

	private volatile @Nullable RuntimeException lastFailure;

	private volatile @Nullable RuntimeException lastAttemptFailure;

	private @Nullable Duration acquireTimeout;

	private final LongAdder cacheHits = new LongAdder();

	private final AtomicLong renewals = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private volatile LastRenewal lastRenewal = LastRenewal.NONE;

	private volatile @Nullable Refusal refusal;

	private final Set<String> warnedReasons = ConcurrentHashMap.newKeySet();

	private volatile TokenLifecycleListener listener = TokenLifecycleListener.NONE;

	private Clock clock = TickingClock.systemUTC();

	private Delayer delayer = Delayer.on(java.util.concurrent.ForkJoinPool.commonPool());

	/**
	 * Create a lifecycle.
	 * @param registrationId the client
	 * @param spec the lifecycle settings
	 * @param blockingRenewer renews for blocking callers, in their thread, or {@code null} to use the
	 * reactive one
	 * @param reactiveRenewer renews for reactive callers, or {@code null} to use the blocking one
	 */
	public TokenLifecycle(String registrationId, LifecycleSpec spec, @Nullable Renewer blockingRenewer,
			@Nullable Renewer reactiveRenewer) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.notNull(spec, "spec cannot be null");
		Assert.isTrue(blockingRenewer != null || reactiveRenewer != null, "a renewer is required");
		this.registrationId = registrationId;
		this.spec = spec;
		this.blockingRenewer = (blockingRenewer != null) ? blockingRenewer : reactiveRenewer;
		this.reactiveRenewer = (reactiveRenewer != null) ? reactiveRenewer : blockingRenewer;
		this.backoff = new Backoff(spec.retry(), () -> ThreadLocalRandom.current().nextDouble());
		this.lead = new RenewalLead(spec.retry());
	}

	/**
	 * Return a valid access token, waiting for a renewal only when there is no usable token, and then at
	 * most the acquire timeout.
	 * @return the access token
	 * @throws RuntimeException the renewal's failure, such as a {@link TokenEndpointException} or an
	 * {@link IssuanceBudgetExceededException}, or a {@link TokenEndpointException} whose error code is
	 * {@value TokenEndpointException#ACQUIRE_TIMEOUT} when the acquire timeout passed first
	 */
	public OAuth2AccessToken token() {
		TokenState current = this.state.get();
		if (current != null) {
			long now = this.clock.millis();
			if (now < current.renewAt) {
				this.cacheHits.increment();
				return current.token;
			}
			if (now < current.expireAt) {
				this.cacheHits.increment();
				renewAhead(current, now);
				return current.token;
			}
		}
		Duration timeout = this.acquireTimeout;
		return await(renew(current, this.blockingRenewer, true, timeout == null), timeout).token;
	}

	/**
	 * Return a valid access token: the reactive twin of {@link #token()}, sharing its state, its renewals
	 * and its acquire timeout. A subscriber that cancels, or whose acquire timeout passes, stops waiting
	 * without cancelling the renewal that others share, and its error is never dropped into the log.
	 * @return the access token
	 */
	public Mono<OAuth2AccessToken> tokenMono() {
		return Mono.defer(this::currentTokenMono);
	}

	private Mono<OAuth2AccessToken> currentTokenMono() {
		TokenState current = this.state.get();
		if (current != null) {
			long now = this.clock.millis();
			if (now < current.renewAt) {
				this.cacheHits.increment();
				return Mono.just(current.token);
			}
			if (now < current.expireAt) {
				this.cacheHits.increment();
				renewAhead(current, now);
				return Mono.just(current.token);
			}
		}
		// Each subscriber waits on a copy: cancelling it cancels the copy alone, and a failure that comes
		// after the subscriber went away completes nothing that Reactor would report as dropped.
		Mono<TokenState> renewed = Mono.fromFuture(renew(current, this.reactiveRenewer, true, true).copy());
		Duration timeout = this.acquireTimeout;
		if (timeout != null) {
			renewed = renewed.timeout(timeout, Mono.error(() -> acquireTimedOut(timeout)));
		}
		return renewed.map((state) -> state.token);
	}

	/**
	 * Drop a token that an API call reported as no longer valid, so that the next caller renews it. A
	 * token that has already been replaced is ignored, so many callers reporting the same token cause one
	 * renewal. Each call is reported to the listener as an invalid token.
	 * @param tokenValue the value of the token that was refused
	 */
	public void invalidate(String tokenValue) {
		fire((listener) -> listener.invalidTokenReported(this.registrationId));
		TokenState current = this.state.get();
		if (current != null && current.token.getTokenValue().equals(tokenValue) && current.expireAt != Long.MIN_VALUE
				&& this.state.compareAndSet(current, current.invalidated())) {
			logger.debug("Token of client '" + this.registrationId + "' was refused by the API; renewing it");
		}
	}

	/**
	 * Report that an API call refused a token with a response of some kind (such as {@code "HTTP 401"}),
	 * and return whether the call should be sent again with a renewed token. A token is renewed at most
	 * once for a kind of response: when the token issued to replace one refused by a kind of response was
	 * refused the same way as soon as it was tried ({@link #refusedAgain}), that response is not about
	 * the token (an API answering 401 for "not an admin", say): the token is kept and such responses go
	 * back to the caller. A token that has already been replaced is not dropped, but the call is sent
	 * again with the newer one.
	 * @param tokenValue the value of the token that was refused
	 * @param reason the kind of response that refused it, such as {@code "HTTP 401"}
	 * @return whether to send the call again with a renewed token
	 */
	public boolean refused(String tokenValue, String reason) {
		Assert.notNull(tokenValue, "tokenValue cannot be null");
		Assert.notNull(reason, "reason cannot be null");
		Refusal last = this.refusal;
		if (last != null && last.confirmed() && tokenValue.equals(last.renewedTo()) && reason.equals(last.reason())) {
			return false;
		}
		TokenState current = this.state.get();
		if (current != null && current.token.getTokenValue().equals(tokenValue) && current.expireAt != Long.MIN_VALUE) {
			this.refusal = new Refusal(tokenValue, reason, null, false);
		}
		invalidate(tokenValue);
		return true;
	}

	/**
	 * Report that the call sent again with a renewed token was refused by the same kind of response as
	 * the token before: the response is not about the token, which is kept, and such responses with it
	 * go back to the caller without a renewal. A warning naming the client and the kind of response is
	 * logged once.
	 * @param tokenValue the value of the renewed token
	 * @param reason the kind of response that refused it, such as {@code "HTTP 401"}
	 */
	public void refusedAgain(String tokenValue, String reason) {
		Assert.notNull(tokenValue, "tokenValue cannot be null");
		Assert.notNull(reason, "reason cannot be null");
		Refusal last = this.refusal;
		if (last != null && !last.confirmed() && tokenValue.equals(last.renewedTo()) && reason.equals(last.reason())) {
			this.refusal = new Refusal(last.refusedToken(), reason, tokenValue, true);
			if (this.warnedReasons.add(reason)) {
				logger.warn("Client '" + this.registrationId + "' got " + reason + " again with the token renewed "
						+ "after " + reason + " refused the one before; the token is kept and such responses are "
						+ "returned to the caller, since " + reason + " from this API does not always mean that the "
						+ "token is invalid. Name only what means an invalid token in the client's invalid-token "
						+ "settings.");
			}
		}
	}

	/**
	 * Return the authorized client currently held, without renewing it.
	 * @return the authorized client, or {@code null} before the first renewal
	 */
	public @Nullable OAuth2AuthorizedClient currentClient() {
		TokenState current = this.state.get();
		return (current != null) ? current.client : null;
	}

	/**
	 * Return a snapshot of how the client stands: its status, the times of its token, and how its last
	 * renewal went. It holds no token.
	 * @return the state
	 */
	public TokenClientState state() {
		TokenState current = this.state.get();
		LastRenewal last = this.lastRenewal;
		TokenClientState.Status status;
		if (current != null && this.clock.millis() < current.expireAt) {
			status = TokenClientState.Status.VALID;
		}
		else if (this.renewal.get() != null) {
			status = TokenClientState.Status.RENEWING;
		}
		else if (last.outcome() == TokenClientState.Outcome.FAILURE) {
			status = TokenClientState.Status.FAILING;
		}
		else {
			status = (current != null) ? TokenClientState.Status.EXPIRED : TokenClientState.Status.NONE;
		}
		OAuth2RefreshToken refreshToken = (current != null) ? current.client.getRefreshToken() : null;
		return new TokenClientState(status, (current != null) ? current.token.getIssuedAt() : null,
				(current != null) ? current.token.getExpiresAt() : null,
				(refreshToken != null) ? refreshToken.getExpiresAt() : null, last.at(), last.outcome(),
				last.error(), this.renewals.get(), this.failures.get());
	}

	/**
	 * Return how many times a cached token was handed out without waiting for a renewal.
	 * @return the number of cache hits
	 */
	public long cacheHits() {
		return this.cacheHits.sum();
	}

	/**
	 * Return the client this lifecycle serves.
	 * @return the registration id
	 */
	public String getRegistrationId() {
		return this.registrationId;
	}

	private void renewAhead(TokenState current, long now) {
		if (now >= this.quietUntil && now >= this.aheadPausedUntil && this.renewal.get() == null) {
			IssuanceBudget budget = this.issuanceBudget;
			if (budget == null) {
				renew(current, this.blockingRenewer, false, false);
			}
			else if (this.checkingBudget.compareAndSet(false, true)) {
				this.delayer.schedule(Duration.ZERO, () -> renewAheadWithinBudget(current, budget));
			}
		}
	}

	/**
	 * Renew ahead of expiry unless the budget runs low or refuses a token request now: then the token is
	 * used until it expires, and renewing ahead waits until the low windows have refilled and the next
	 * request is allowed. The budget is asked off the callers' threads, since a shared one is remote.
	 */
	private void renewAheadWithinBudget(TokenState current, IssuanceBudget budget) {
		try {
			BudgetState state = null;
			try {
				state = budget.state(this.registrationId);
			}
			catch (RuntimeException ex) {
				logger.debug("Budget of client '" + this.registrationId + "' could not tell its state: "
						+ ex.getClass().getName());
			}
			long now = this.clock.millis();
			if (state != null) {
				long pausedUntil = state.isLow() ? state.lowUntil().toEpochMilli()
						: state.nextAllowedAt().toEpochMilli();
				if (pausedUntil > now) {
					this.aheadPausedUntil = Math.min(pausedUntil, current.expireAt);
					logger.debug("Budget of client '" + this.registrationId + "' is low or not yet refilled; "
							+ "renewing its token at expiry only");
					return;
				}
			}
			renew(current, this.blockingRenewer, false, false);
		}
		finally {
			this.checkingBudget.set(false);
		}
	}

	/**
	 * Join the renewal in flight, or start one.
	 * @param waiting whether a caller waits for it, or it renews ahead of expiry
	 * @param inline whether its first attempt runs in the calling thread, or on the delayer
	 */
	private CompletableFuture<TokenState> renew(@Nullable TokenState replaced, Renewer renewer, boolean waiting,
			boolean inline) {
		while (true) {
			CompletableFuture<TokenState> inFlight = this.renewal.get();
			if (inFlight != null) {
				return inFlight;
			}
			TokenState current = this.state.get();
			long now = this.clock.millis();
			if (current != replaced && current != null && now < current.expireAt) {
				return CompletableFuture.completedFuture(current);
			}
			RuntimeException failure = this.lastFailure;
			if (failure != null && now < this.quietUntil && (current == null || now >= current.expireAt)) {
				return CompletableFuture.failedFuture(failure);
			}
			CompletableFuture<TokenState> mine = new CompletableFuture<>();
			if (this.renewal.compareAndSet(null, mine)) {
				String replacedToken = (current != null) ? current.token.getTokenValue() : null;
				RenewalReason reason = reason(current, waiting);
				this.lastAttemptFailure = null;
				fire((listener) -> listener.renewalStarted(this.registrationId, reason));
				if (inline) {
					attempt(1, reason, replacedToken, renewer, mine);
				}
				else {
					this.delayer.schedule(Duration.ZERO, () -> attempt(1, reason, replacedToken, renewer, mine));
				}
				return mine;
			}
		}
	}

	private static RenewalReason reason(@Nullable TokenState current, boolean waiting) {
		if (current == null) {
			return RenewalReason.INITIAL;
		}
		if (current.expireAt == Long.MIN_VALUE) {
			return RenewalReason.INVALIDATED;
		}
		return waiting ? RenewalReason.EXPIRED : RenewalReason.AHEAD;
	}

	private void attempt(int attempt, RenewalReason reason, @Nullable String replacedToken, Renewer renewer,
			CompletableFuture<TokenState> result) {
		CompletableFuture<OAuth2AuthorizedClient> outcome;
		long started = this.clock.millis();
		try {
			outcome = renewer.renew(replacedToken);
		}
		catch (RuntimeException | Error ex) {
			outcome = CompletableFuture.failedFuture(ex);
		}
		outcome.whenComplete((client, error) -> {
			this.lead.observe(this.clock.millis() - started);
			if (error == null && client != null) {
				if (reason == RenewalReason.INVALIDATED) {
					linkRefusal(replacedToken, client.getAccessToken().getTokenValue());
				}
				succeed(client, reason, result);
				return;
			}
			RuntimeException failure = (error != null) ? unwrap(error) : new IllegalStateException(
					"Renewer of client '" + this.registrationId + "' completed without an authorized client");
			if (isTransient(failure) && attempt < this.spec.retry().maxAttempts()) {
				this.lastAttemptFailure = failure;
				Duration delay = this.backoff.delayAfter(attempt, retryAfter(failure));
				logger.debug("Token request of client '" + this.registrationId + "' failed (attempt " + attempt
						+ "); retrying in " + delay.toMillis() + " ms");
				fire((listener) -> listener.retryScheduled(this.registrationId, attempt, delay, failure));
				this.delayer.schedule(delay, () -> attempt(attempt + 1, reason, replacedToken, renewer, result));
				return;
			}
			fail(failure, reason, result);
		});
	}

	/**
	 * Remember which token replaced one that an API refused, so that the same refusal of the new token is
	 * not taken for an invalid token again.
	 */
	private void linkRefusal(@Nullable String replacedToken, String renewedTo) {
		Refusal last = this.refusal;
		if (last != null && last.renewedTo() == null && last.refusedToken().equals(replacedToken)) {
			this.refusal = new Refusal(last.refusedToken(), last.reason(), renewedTo, false);
		}
	}

	private void succeed(OAuth2AuthorizedClient client, RenewalReason reason, CompletableFuture<TokenState> result) {
		Instant now = this.clock.instant();
		TokenState renewed = TokenState.of(client, this.spec, now, this.lead.millis());
		this.state.set(renewed);
		this.lastFailure = null;
		this.quietUntil = 0;
		this.renewals.incrementAndGet();
		this.lastRenewal = new LastRenewal(now, TokenClientState.Outcome.SUCCESS, null);
		this.renewal.compareAndSet(result, null);
		fire((listener) -> listener.renewalSucceeded(this.registrationId, reason, renewed.token));
		result.complete(renewed);
	}

	private void fail(RuntimeException failure, RenewalReason reason, CompletableFuture<TokenState> result) {
		logger.warn("Could not renew the token of client '" + this.registrationId + "': " + failure.getMessage());
		this.lastFailure = failure;
		this.quietUntil = this.clock.millis() + this.spec.retry().maxBackoff().toMillis();
		this.failures.incrementAndGet();
		this.lastRenewal = new LastRenewal(this.clock.instant(), TokenClientState.Outcome.FAILURE,
				failure.getMessage());
		this.renewal.compareAndSet(result, null);
		fire((listener) -> listener.renewalFailed(this.registrationId, reason, failure));
		result.completeExceptionally(failure);
	}

	/**
	 * Tell the listener, which must never keep the lifecycle from completing a renewal.
	 */
	private void fire(Consumer<TokenLifecycleListener> event) {
		try {
			event.accept(this.listener);
		}
		catch (RuntimeException ex) {
			logger.warn("Lifecycle listener of client '" + this.registrationId + "' failed with "
					+ ex.getClass().getName());
		}
	}

	private static @Nullable Duration retryAfter(RuntimeException failure) {
		return (failure instanceof TokenEndpointException endpointFailure) ? endpointFailure.getRetryAfter() : null;
	}

	private static boolean isTransient(RuntimeException failure) {
		return failure instanceof TokenEndpointException endpointFailure && endpointFailure.isTransient();
	}

	private static RuntimeException unwrap(Throwable error) {
		Throwable cause = (error instanceof CompletionException && error.getCause() != null) ? error.getCause()
				: error;
		return (cause instanceof RuntimeException runtime) ? runtime
				: new IllegalStateException("Token renewal failed", cause);
	}

	private TokenState await(CompletableFuture<TokenState> renewal, @Nullable Duration timeout) {
		try {
			return (timeout != null) ? renewal.get(timeout.toNanos(), TimeUnit.NANOSECONDS) : renewal.join();
		}
		catch (CompletionException | ExecutionException ex) {
			throw unwrap((ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (TimeoutException ex) {
			throw acquireTimedOut(timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TokenEndpointException(this.registrationId, 0, TokenEndpointException.ACQUIRE_TIMEOUT,
					"Client '" + this.registrationId + "' stopped waiting for its token: the thread was interrupted",
					true, ex);
		}
	}

	/**
	 * Return the failure of a caller that waited the whole acquire timeout, with the failure of the last
	 * attempt, if one failed, as its cause.
	 */
	private TokenEndpointException acquireTimedOut(Duration timeout) {
		RuntimeException last = this.lastAttemptFailure;
		String message = "Client '" + this.registrationId + "' got no token within its acquire-timeout of "
				+ describe(timeout) + "; its token request goes on in the background"
				+ ((last != null) ? "; the last attempt failed: " + last.getMessage() : "");
		return new TokenEndpointException(this.registrationId, 0, TokenEndpointException.ACQUIRE_TIMEOUT, message,
				true, last);
	}

	private static String describe(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
	}

	/**
	 * Set the clock that decides when a token is renewed.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Set how long a caller of {@link #token()} or {@link #tokenMono()} waits for a renewal at most,
	 * whatever its retries; then it fails with a {@link TokenEndpointException} whose error code is
	 * {@value TokenEndpointException#ACQUIRE_TIMEOUT}, naming the client and the timeout, while the
	 * renewal goes on. With a timeout, blocking renewals run on the {@link #setDelayer delayer}, not in
	 * the caller's thread. None by default: callers wait for the renewal's outcome, and a blocking
	 * renewal's first attempt runs in the thread of the caller that starts it.
	 * @param acquireTimeout the timeout, or {@code null} for none
	 */
	public void setAcquireTimeout(@Nullable Duration acquireTimeout) {
		Assert.isTrue(acquireTimeout == null || (!acquireTimeout.isNegative() && !acquireTimeout.isZero()),
				"acquireTimeout must be positive");
		this.acquireTimeout = acquireTimeout;
	}

	/**
	 * Set what runs background renewals and retries after their back-off.
	 * @param delayer the delayer
	 */
	public void setDelayer(Delayer delayer) {
		Assert.notNull(delayer, "delayer cannot be null");
		this.delayer = delayer;
	}

	/**
	 * Set the budget this client's token requests are taken from: while it runs low, or before it allows
	 * the next request, the token is renewed at expiry only, not ahead of it. None by default.
	 * @param issuanceBudget the budget
	 */
	public void setIssuanceBudget(IssuanceBudget issuanceBudget) {
		Assert.notNull(issuanceBudget, "issuanceBudget cannot be null");
		this.issuanceBudget = issuanceBudget;
	}

	/**
	 * Set what hears of renewals and invalid tokens; use {@link TokenLifecycleListener#composite} for
	 * several.
	 * @param listener the listener
	 */
	public void setListener(TokenLifecycleListener listener) {
		Assert.notNull(listener, "listener cannot be null");
		this.listener = listener;
	}

	/**
	 * The last token that an API refused, the kind of response that refused it, the token that replaced
	 * it, once renewed, and whether that one was refused the same way as soon as it was tried.
	 */
	private record Refusal(String refusedToken, String reason, @Nullable String renewedTo, boolean confirmed) {

	}

	private record LastRenewal(@Nullable Instant at, TokenClientState.Outcome outcome, @Nullable String error) {

		static final LastRenewal NONE = new LastRenewal(null, TokenClientState.Outcome.NONE, null);

	}

}
