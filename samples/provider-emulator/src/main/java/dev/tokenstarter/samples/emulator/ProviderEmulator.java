package dev.tokenstarter.samples.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * Loopback HTTP server that behaves like the five seed token APIs, quirks included, and more token APIs. Every
 * provider lives under {@code /<provider>}, see {@link Providers}; the accepted credentials
 * are in {@link Credentials}.
 * <p>
 * Tests read back what was sent ({@link #tokenRequests(String)}), invalidate tokens
 * ({@link #revokeAccessTokens(String)}), script failures
 * ({@link #failNextTokenRequests(String, int, int)}) and move time with the settings'
 * clock. All methods are thread-safe.
 */
public final class ProviderEmulator implements AutoCloseable {

	private static final byte[] LOOPBACK = { 127, 0, 0, 1 };

	private static final int THREADS = 64;

	private static final int BACKLOG = 1024;

	private static final Map<Integer, String> REASONS = Map.of(429, "Too Many Requests", 500,
			"Internal Server Error", 502, "Bad Gateway", 503, "Service Unavailable", 504, "Gateway Timeout");

	private final EmulatorSettings settings;

	private final EmulatorContext context;

	private final RequestJournal journal = new RequestJournal();

	private final ScriptedResponses scriptedResponses = new ScriptedResponses();

	private final HttpServer server;

	private final ExecutorService executor;

	private final AtomicBoolean closed = new AtomicBoolean();

	private ProviderEmulator(EmulatorSettings settings) throws IOException {
		this.settings = settings;
		this.context = new EmulatorContext(settings);
		List<ProviderEndpoints> providers = List.of(new MemoriesEndpoints(this.context),
				new TokensMakeEndpoints(this.context), new MentionMeEndpoints(this.context),
				new AgtEndpoints(this.context), new FirebaseLoginEndpoints(this.context),
				new ShortLivedEndpoints(this.context), new KeystoneEndpoints(this.context),
				new GitHubClassicEndpoints(this.context), new GitHubAppEndpoints(this.context),
				new GoogleJwtBearerEndpoints(this.context), new AppStoreConnectEndpoints(this.context),
				new PartnerIdpEndpoints(this.context));
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(LOOPBACK), settings.port()),
				BACKLOG);
		this.server.createContext("/",
				new EmulatorHandler(providers, this.journal, this.scriptedResponses, settings.latency()));
		this.executor = executor(this.server.getAddress().getPort());
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	/**
	 * Start an emulator on {@code 127.0.0.1:settings.port()}.
	 * @param settings the settings
	 * @return the running emulator, to be closed after use
	 * @throws UncheckedIOException if the port cannot be bound
	 */
	public static ProviderEmulator start(EmulatorSettings settings) {
		Objects.requireNonNull(settings, "settings cannot be null");
		try {
			return new ProviderEmulator(settings);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot bind 127.0.0.1:" + settings.port(), ex);
		}
	}

	/**
	 * Return the settings this emulator runs with.
	 * @return the settings
	 */
	public EmulatorSettings settings() {
		return this.settings;
	}

	/**
	 * Return the base URL, without a trailing slash, e.g. {@code http://127.0.0.1:54321}.
	 * @return the base URL
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + port();
	}

	/**
	 * Return the bound port.
	 * @return the port
	 */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * Return every request to a provider's token, login or refresh endpoints, in arrival order.
	 * @param provider the provider name
	 * @return an immutable copy of the requests
	 */
	public List<RecordedRequest> tokenRequests(String provider) {
		return this.journal.tokenRequests(Providers.requireKnown(provider));
	}

	/**
	 * Return how many requests reached a provider's token, login or refresh endpoints.
	 * @param provider the provider name
	 * @return the number of token requests
	 */
	public int tokenRequestCount(String provider) {
		return this.journal.tokenRequestCount(Providers.requireKnown(provider));
	}

	/**
	 * Return how many access tokens a provider issued in successful responses.
	 * @param provider the provider name
	 * @return the number of issued access tokens
	 */
	public int issuedTokens(String provider) {
		return this.context.tokens().issuedTokens(Providers.requireKnown(provider));
	}

	/**
	 * Return the value of every access and refresh token a provider issued, revoked and used ones
	 * included, for tests that check that no token leaks into logs or messages.
	 * @param provider the provider name
	 * @return an immutable copy of the token values, in no particular order
	 */
	public List<String> issuedTokenValues(String provider) {
		return List.copyOf(this.context.tokens().issuedTokenValues(Providers.requireKnown(provider)));
	}

	/**
	 * Return every request to a provider's protected API endpoint, in arrival order.
	 * @param provider the provider name
	 * @return an immutable copy of the requests
	 */
	public List<RecordedRequest> apiRequests(String provider) {
		return this.journal.apiRequests(Providers.requireKnown(provider));
	}

	/**
	 * Invalidate every access token a provider issued so far, as if the server revoked them
	 * before their expiry. Refresh tokens stay valid.
	 * @param provider the provider name
	 */
	public void revokeAccessTokens(String provider) {
		this.context.tokens().revokeAccessTokens(Providers.requireKnown(provider));
	}

	/**
	 * Answer the next {@code count} token requests of a provider with an HTML error page of
	 * the given status, as a failing gateway would.
	 * @param provider the provider name
	 * @param count how many requests fail
	 * @param httpStatus the status, e.g. 503
	 */
	public void failNextTokenRequests(String provider, int count, int httpStatus) {
		Providers.requireKnown(provider);
		if (count < 0) {
			throw new IllegalArgumentException("count must not be negative but was " + count);
		}
		String page = "<html>" + REASONS.getOrDefault(requireStatus(httpStatus), "Error " + httpStatus) + "</html>";
		for (int i = 0; i < count; i++) {
			this.scriptedResponses.enqueue(provider, EmulatorResponse.raw(httpStatus, "text/html", page));
		}
	}

	/**
	 * Answer the next token request of a provider with the given raw response, e.g. an HTML
	 * page or truncated JSON. Queued after any failure already scripted.
	 * @param provider the provider name
	 * @param status the HTTP status
	 * @param contentType the {@code Content-Type}, or {@code null} for none
	 * @param body the body, {@code null} or {@code ""} for none
	 */
	public void respondNextTokenRequestWith(String provider, int status, String contentType, String body) {
		Providers.requireKnown(provider);
		this.scriptedResponses.enqueue(provider, EmulatorResponse.raw(requireStatus(status), contentType, body));
	}

	/**
	 * Set how providers that deliver tokens by callback post them from now on; {@link
	 * CallbackMode#ONCE} until set.
	 * @param mode the mode
	 */
	public void callbackMode(CallbackMode mode) {
		this.context.callbacks().mode(mode);
	}

	/**
	 * Set how long providers wait before posting tokens to a callback; none until set.
	 * @param delay the delay, zero for none
	 */
	public void callbackDelay(Duration delay) {
		this.context.callbacks().delay(delay);
	}

	/**
	 * Post every delivery held by {@link CallbackMode#HOLD} now.
	 */
	public void releaseCallbacks() {
		this.context.callbacks().release();
	}

	/**
	 * Return the posts of tokens a provider made to callbacks so far, with their answers.
	 * @param provider the provider name
	 * @return the posts, in the order they were answered
	 */
	public List<CallbackAttempt> callbackAttempts(String provider) {
		return this.context.callbacks().attempts(Providers.requireKnown(provider));
	}

	/**
	 * Wait until a provider has made at least {@code count} posts to callbacks.
	 * @param provider the provider name
	 * @param count how many posts to wait for
	 * @param timeout how long to wait at most
	 * @return the posts, in the order they were answered
	 * @throws IllegalStateException if fewer posts were made in time
	 */
	public List<CallbackAttempt> awaitCallbackAttempts(String provider, int count, Duration timeout) {
		return this.context.callbacks().awaitAttempts(Providers.requireKnown(provider), count, timeout);
	}

	/**
	 * Forget recorded requests, counters, issued tokens, daily usage, scripted responses, any
	 * suspension, callback posts and held deliveries; callbacks are posted once again.
	 */
	public void reset() {
		this.journal.clear();
		this.scriptedResponses.clear();
		this.context.reset();
	}

	/**
	 * Stop the server and its threads. Calling it again does nothing.
	 */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.server.stop(0);
			this.executor.shutdownNow();
			this.context.callbacks().close();
		}
	}

	private static int requireStatus(int status) {
		if (status < 200 || status > 599) {
			throw new IllegalArgumentException("HTTP status must be between 200 and 599 but was " + status);
		}
		return status;
	}

	private static ExecutorService executor(int port) {
		AtomicInteger threads = new AtomicInteger();
		ThreadFactory threadFactory = (runnable) -> {
			Thread thread = new Thread(runnable, "provider-emulator-" + port + "-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), threadFactory);
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

}
