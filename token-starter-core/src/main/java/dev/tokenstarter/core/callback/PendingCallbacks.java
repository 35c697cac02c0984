package dev.tokenstarter.core.callback;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.UriUtils;

import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.endpoint.BoundedBody;
import dev.tokenstarter.core.lifecycle.Delayer;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.response.TokenResponseMapper;

/**
 * The token fetches waiting for a delivery to the application's callback. A fetch registers before it
 * sends its token request and gets a one-time state and the callback URL
 * {@code <callbackUri>/<registrationId>?state=<state>}; the callback endpoint hands each delivery to
 * {@link #deliver}, which completes the fetch with the tokens, mapped by {@link TokenResponseMapper} as
 * the client's response description says, or refuses the delivery with a {@link CallbackOutcome} and
 * stores nothing.
 * <p>
 * A fetch that gets no delivery within its endpoint's callback timeout fails with a
 * {@link TokenEndpointException} whose error code is {@value #CALLBACK_TIMEOUT}; the time-out runs on the
 * {@link Delayer}. States are remembered for {@link #setRetention retention} after their deadline, so
 * that replayed and late deliveries are told apart from unsolicited ones; then they are forgotten.
 *
 * @author token-starter
 */
public final class PendingCallbacks {

	/**
	 * Error code of a fetch that got no delivery in time.
	 */
	public static final String CALLBACK_TIMEOUT = "token_callback_timeout";

	/**
	 * Error code of a fetch that stopped waiting, interrupted or cancelled.
	 */
	public static final String CALLBACK_ABANDONED = "token_callback_abandoned";

	private static final Log logger = LogFactory.getLog(PendingCallbacks.class);

	private static final int STATE_BYTES = 16;

	private final String callbackUri;

	private final TokenResponseMapper responseMapper;

	private final SecureRandom random = new SecureRandom();

	private final Cache<String, PendingCallback> callbacks;

	private Clock clock = Clock.systemUTC();

	private Delayer delayer = Delayer.on(ForkJoinPool.commonPool());

	private Duration retention = Duration.ofMinutes(10);

	/**
	 * Create an empty registry.
	 * @param callbackUri the absolute URL of the callback endpoint as the API reaches it, without the
	 * registration id, such as {@code https://app.example.com/token-starter/callback}
	 */
	public PendingCallbacks(String callbackUri) {
		this(callbackUri, new TokenResponseMapper());
	}

	/**
	 * Create an empty registry.
	 * @param callbackUri the absolute URL of the callback endpoint as the API reaches it, without the
	 * registration id
	 * @param responseMapper what maps deliveries to tokens
	 */
	public PendingCallbacks(String callbackUri, TokenResponseMapper responseMapper) {
		Assert.hasText(callbackUri, "callbackUri cannot be empty");
		Assert.notNull(responseMapper, "responseMapper cannot be null");
		URI uri = URI.create(callbackUri);
		Assert.isTrue(("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
				&& uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null,
				() -> "callbackUri must be an absolute http or https URL without query but was " + callbackUri);
		this.callbackUri = StringUtils.trimTrailingCharacter(callbackUri, '/');
		this.responseMapper = responseMapper;
		this.callbacks = Caffeine.newBuilder().expireAfter(new UntilForgotten()).build();
	}

	/**
	 * Register a fetch that is about to send its token request, whose delivery may be as large as
	 * {@link BoundedBody#DEFAULT_LIMIT}.
	 * @param registrationId the client
	 * @param endpoint the endpoint, whose response description reads the delivery and whose callback
	 * timeout bounds the wait
	 * @return the pending callback, with its state and URL for the request
	 */
	public PendingCallback register(String registrationId, TokenEndpointSpec endpoint) {
		return register(registrationId, endpoint, BoundedBody.DEFAULT_LIMIT);
	}

	/**
	 * Register a fetch that is about to send its token request.
	 * @param registrationId the client
	 * @param endpoint the endpoint, whose response description reads the delivery and whose callback
	 * timeout bounds the wait
	 * @param maxBodySize how large the body of its delivery may be
	 * @return the pending callback, with its state and URL for the request
	 */
	public PendingCallback register(String registrationId, TokenEndpointSpec endpoint, DataSize maxBodySize) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.notNull(endpoint, "endpoint cannot be null");
		int limit = BoundedBody.limit(maxBodySize);
		Duration timeout = endpoint.callbackTimeout();
		Instant deadline = this.clock.instant().plus(timeout);
		PendingCallback callback;
		do {
			String state = newState();
			URI uri = URI.create(this.callbackUri + "/" + UriUtils.encodePathSegment(registrationId,
					StandardCharsets.UTF_8) + "?state=" + state);
			callback = new PendingCallback(registrationId, state, uri, endpoint.response(), timeout, deadline,
					deadline.plus(this.retention), limit);
		}
		while (this.callbacks.asMap().putIfAbsent(callback.getState(), callback) != null);
		PendingCallback registered = callback;
		this.delayer.schedule(timeout, registered::expire);
		return registered;
	}

	/**
	 * Return how a delivery would be refused, without its body: lets the callback endpoint answer
	 * unsolicited, replayed and late deliveries before reading what they carry.
	 * @param registrationId the client named by the callback URL
	 * @param state the state of the callback URL, or {@code null} when it had none
	 * @return the outcome of a refusal, or {@code null} when a fetch is waiting for that delivery
	 */
	public @Nullable CallbackOutcome rejectionOf(String registrationId, @Nullable String state) {
		Assert.notNull(registrationId, "registrationId cannot be null");
		PendingCallback callback = find(registrationId, state);
		if (callback == null) {
			return rejected(registrationId, CallbackOutcome.UNSOLICITED);
		}
		expireIfDue(callback);
		return (callback.status() != PendingCallback.Status.PENDING) ? rejected(callback) : null;
	}

	/**
	 * Return how many bytes the body of a delivery may have: the limit of the fetch waiting for it, or
	 * {@link BoundedBody#DEFAULT_LIMIT} when none is. The callback endpoint reads no more than that.
	 * @param registrationId the client named by the callback URL
	 * @param state the state of the callback URL, or {@code null} when it had none
	 * @return the limit, in bytes
	 */
	public int maxBodySize(String registrationId, @Nullable String state) {
		Assert.notNull(registrationId, "registrationId cannot be null");
		PendingCallback callback = find(registrationId, state);
		return (callback != null) ? callback.maxBodySize() : BoundedBody.limit(BoundedBody.DEFAULT_LIMIT);
	}

	/**
	 * Refuse a delivery whose body is over the {@link #maxBodySize limit}: the fetch waiting for it fails
	 * with a {@link TokenEndpointException} whose error code is
	 * {@value TokenEndpointException#RESPONSE_TOO_LARGE}.
	 * @param registrationId the client named by the callback URL
	 * @param state the state of the callback URL, or {@code null} when it had none
	 * @return the outcome: {@link CallbackOutcome#TOO_LARGE} when a fetch was waiting for the delivery
	 */
	public CallbackOutcome deliverTooLarge(String registrationId, @Nullable String state) {
		Assert.notNull(registrationId, "registrationId cannot be null");
		return settle(registrationId, state, (callback) -> {
			String message = "Token endpoint of client '" + registrationId + "' posted to the callback a body over "
					+ "the max-response-size of " + BoundedBody.describe(callback.maxBodySize())
					+ "; it was not read further";
			callback.fail(new TokenEndpointException(registrationId, 0, TokenEndpointException.RESPONSE_TOO_LARGE,
					message, false, null));
			return rejected(registrationId, CallbackOutcome.TOO_LARGE);
		});
	}

	/**
	 * Hand a delivery to the fetch waiting for it.
	 * @param registrationId the client named by the callback URL
	 * @param state the state of the callback URL, or {@code null} when it had none
	 * @param contentType the content type of the delivery, or {@code null}
	 * @param body the body of the delivery
	 * @return the outcome: {@link CallbackOutcome#ACCEPTED} when the fetch got its tokens
	 */
	public CallbackOutcome deliver(String registrationId, @Nullable String state, @Nullable MediaType contentType,
			byte[] body) {
		Assert.notNull(registrationId, "registrationId cannot be null");
		Assert.notNull(body, "body cannot be null");
		return settle(registrationId, state, (callback) -> {
			try {
				callback.complete(this.responseMapper.mapDelivery(registrationId, callback.response(), contentType,
						body, this.clock.instant()));
				return CallbackOutcome.ACCEPTED;
			}
			catch (TokenEndpointException ex) {
				callback.fail(ex);
				return rejected(registrationId, CallbackOutcome.INVALID);
			}
		});
	}

	/**
	 * Settle the fetch waiting for a delivery, if one is: only the first delivery to a pending fetch
	 * does; the others are refused.
	 */
	private CallbackOutcome settle(String registrationId, @Nullable String state,
			Function<PendingCallback, CallbackOutcome> settlement) {
		PendingCallback callback = find(registrationId, state);
		if (callback == null) {
			return rejected(registrationId, CallbackOutcome.UNSOLICITED);
		}
		expireIfDue(callback);
		if (!callback.claim()) {
			return rejected(callback);
		}
		return settlement.apply(callback);
	}

	/**
	 * Set the clock that decides deadlines and when states are forgotten.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Set what runs the time-out of each pending callback; by default the common fork-join pool after
	 * the delay.
	 * @param delayer the delayer
	 */
	public void setDelayer(Delayer delayer) {
		Assert.notNull(delayer, "delayer cannot be null");
		this.delayer = delayer;
	}

	/**
	 * Set how long states are remembered after their deadline, to refuse replayed and late deliveries
	 * as such rather than as unsolicited; 10 minutes by default.
	 * @param retention the retention
	 */
	public void setRetention(Duration retention) {
		Assert.isTrue(retention != null && !retention.isNegative(), "retention must not be negative");
		this.retention = retention;
	}

	private String newState() {
		byte[] bytes = new byte[STATE_BYTES];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private @Nullable PendingCallback find(String registrationId, @Nullable String state) {
		if (!StringUtils.hasLength(state)) {
			return null;
		}
		PendingCallback callback = this.callbacks.getIfPresent(state);
		if (callback == null || !callback.getRegistrationId().equals(registrationId)
				|| !this.clock.instant().isBefore(callback.forgetAt())) {
			return null;
		}
		return callback;
	}

	private void expireIfDue(PendingCallback callback) {
		if (!this.clock.instant().isBefore(callback.getDeadline())) {
			callback.expire();
		}
	}

	private static CallbackOutcome rejected(PendingCallback callback) {
		if (callback.status() == PendingCallback.Status.DELIVERED) {
			return rejected(callback.getRegistrationId(), CallbackOutcome.REPLAYED);
		}
		if (callback.status() == PendingCallback.Status.EXPIRED && logger.isWarnEnabled()) {
			logger.warn("Refused a token delivery to the callback of client '" + callback.getRegistrationId()
					+ "' that came after the fetch timed out; consider a longer callback timeout");
			return CallbackOutcome.LATE;
		}
		return rejected(callback.getRegistrationId(), CallbackOutcome.LATE);
	}

	private static CallbackOutcome rejected(String registrationId, CallbackOutcome outcome) {
		if (logger.isDebugEnabled()) {
			logger.debug("Refused a token delivery to the callback of client '" + registrationId + "': " + outcome);
		}
		return outcome;
	}

	/**
	 * Keeps each state in memory until it is forgotten, whatever happened to it.
	 */
	private final class UntilForgotten implements Expiry<String, PendingCallback> {

		@Override
		public long expireAfterCreate(String state, PendingCallback callback, long currentTime) {
			return Math.max(Duration.between(PendingCallbacks.this.clock.instant(), callback.forgetAt()).toNanos(), 0);
		}

		@Override
		public long expireAfterUpdate(String state, PendingCallback callback, long currentTime,
				long currentDuration) {
			return currentDuration;
		}

		@Override
		public long expireAfterRead(String state, PendingCallback callback, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
