package dev.tokenstarter.core.endpoint;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.jspecify.annotations.Nullable;

import dev.tokenstarter.core.request.TokenRequest;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.response.TokenResponseMapper;

/**
 * Failures to get a complete answer from a token endpoint, shared by both endpoint clients so that the
 * same failure reads the same on both stacks. The message is one line: it names the client and the
 * endpoint without its query, which may carry credentials, and says what happened in the words a user
 * searches for (connection refused, unknown host, TLS handshake failed, a connect or read timeout with its
 * limit, connection reset). The cause is the HTTP client's own exception, below Spring's wrappers whose
 * messages repeat the URI.
 *
 * @author token-starter
 */
final class EndpointFailures {

	/**
	 * Error code of a token endpoint that could not be reached or did not answer in time.
	 */
	static final String UNREACHABLE = TokenEndpointException.UNREACHABLE;

	private static final int MAX_DETAIL = 160;

	private static final int MAX_CHAIN = 32;

	private EndpointFailures() {
	}

	/**
	 * Return the failure of an exchange that got no complete response.
	 * @param request the request
	 * @param cause the HTTP client's exception, without Spring's wrapper
	 * @param timeouts the client's time-outs, to name the one that passed
	 * @param startedNanos when the exchange started, on {@link System#nanoTime()}
	 */
	static TokenEndpointException unreachable(TokenRequest request, Throwable cause, Timeouts timeouts,
			long startedNanos) {
		Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
		String message = "Token endpoint of client '" + request.registrationId() + "' at " + endpoint(request) + " "
				+ describe(request, cause, timeouts, elapsed);
		return new TokenEndpointException(request.registrationId(), 0, UNREACHABLE, message, true, cause);
	}

	/**
	 * Return the failure of a response whose body is over the client's limit.
	 * @param request the request
	 * @param statusCode the status of the response
	 * @param limit the limit
	 */
	static TokenEndpointException tooLarge(TokenRequest request, int statusCode, int limit) {
		String message = "Token endpoint of client '" + request.registrationId() + "' at " + endpoint(request)
				+ " answered HTTP " + statusCode + " with a body over the max-response-size of "
				+ BoundedBody.describe(limit) + "; it was not read further";
		return new TokenEndpointException(request.registrationId(), statusCode,
				TokenEndpointException.RESPONSE_TOO_LARGE, message, TokenResponseMapper.isTransient(statusCode), null);
	}

	private static String endpoint(TokenRequest request) {
		return request.uri().getScheme() + "://" + request.uri().getRawAuthority() + request.uri().getRawPath();
	}

	private static String describe(TokenRequest request, Throwable failure, Timeouts timeouts, Duration elapsed) {
		boolean connectTimeout = has(failure, HttpConnectTimeoutException.class) || connectTimedOut(failure);
		if (connectTimeout && !readTimeoutFirst(timeouts, elapsed)) {
			return "could not be reached: connect timeout" + limit(timeouts.connect()) + " passed";
		}
		if (has(failure, HttpTimeoutException.class) || has(failure, TimeoutException.class)
				|| has(failure, SocketTimeoutException.class) || timedOut(timeouts.read(), elapsed)) {
			return "gave no complete response: read timeout" + limit(timeouts.read()) + " passed";
		}
		if (has(failure, UnknownHostException.class) || has(failure, UnresolvedAddressException.class)) {
			return "could not be reached: unknown host '" + request.uri().getHost() + "'";
		}
		SSLException tls = find(failure, SSLException.class);
		if (tls != null) {
			String what = (tls instanceof SSLHandshakeException) ? "TLS handshake failed" : "TLS failed";
			return "could not be reached: " + what + detail(tls);
		}
		if (has(failure, NoRouteToHostException.class)) {
			return "could not be reached: no route to host";
		}
		ConnectException connect = find(failure, ConnectException.class);
		if (connect != null) {
			String detail = connect.getMessage();
			boolean refused = detail == null || detail.toLowerCase(Locale.ROOT).contains("refused");
			return "could not be reached: " + (refused ? "connection refused" : "could not connect" + detail(connect));
		}
		if (mentions(failure, "reset")) {
			return "broke off its response: connection reset";
		}
		if (has(failure, EOFException.class) || mentions(failure, "content-length")) {
			return "broke off its response: connection closed before the response was complete";
		}
		return "could not be reached: " + innermost(failure).getClass().getSimpleName();
	}

	/**
	 * Whether the read timeout, which bounds the whole exchange, passed while the connection was still
	 * being made, before the connect timeout: the JDK client then reports a connect timeout, although the
	 * limit that passed is the read timeout (a slow start on a loaded machine, or a short read timeout).
	 */
	private static boolean readTimeoutFirst(Timeouts timeouts, Duration elapsed) {
		Duration connect = timeouts.connect();
		return connect != null && elapsed.compareTo(connect) < 0 && timedOut(timeouts.read(), elapsed);
	}

	private static boolean connectTimedOut(Throwable failure) {
		ConnectException connect = find(failure, ConnectException.class);
		return connect != null && connect.getMessage() != null
				&& connect.getMessage().toLowerCase(Locale.ROOT).contains("timed out");
	}

	/**
	 * Whether an I/O failure came when the read timeout had passed: the JDK client closes the body
	 * stream of a response that takes longer, and reading it then fails as merely "closed".
	 */
	private static boolean timedOut(@Nullable Duration readTimeout, Duration elapsed) {
		return readTimeout != null && elapsed.compareTo(readTimeout) >= 0;
	}

	private static String limit(@Nullable Duration timeout) {
		return (timeout != null) ? " of " + describe(timeout) : "";
	}

	static String describe(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
	}

	private static String detail(Throwable failure) {
		String message = failure.getMessage();
		if (message == null || message.isBlank()) {
			return "";
		}
		String line = message.strip().lines().findFirst().orElse("");
		return " (" + ((line.length() <= MAX_DETAIL) ? line : line.substring(0, MAX_DETAIL) + "...") + ")";
	}

	private static boolean mentions(Throwable failure, String word) {
		for (Throwable ex : chain(failure)) {
			String message = ex.getMessage();
			if (ex instanceof IOException && message != null && message.toLowerCase(Locale.ROOT).contains(word)) {
				return true;
			}
		}
		return false;
	}

	private static boolean has(Throwable failure, Class<? extends Throwable> type) {
		return find(failure, type) != null;
	}

	private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
		for (Throwable ex : chain(failure)) {
			if (type.isInstance(ex)) {
				return type.cast(ex);
			}
		}
		return null;
	}

	private static Throwable innermost(Throwable failure) {
		List<Throwable> chain = chain(failure);
		return chain.get(chain.size() - 1);
	}

	/**
	 * Return the failure and its causes, outermost first, cut short should the causes loop.
	 */
	private static List<Throwable> chain(Throwable failure) {
		List<Throwable> chain = new ArrayList<>();
		Throwable ex = failure;
		while (ex != null && chain.size() < MAX_CHAIN && !chain.contains(ex)) {
			chain.add(ex);
			ex = ex.getCause();
		}
		return chain;
	}

	/**
	 * The time-outs of an endpoint client, as its HTTP client enforces them.
	 *
	 * @param connect the connect time-out, or {@code null} when not known
	 * @param read the time a whole exchange may take, or {@code null} when not known
	 */
	record Timeouts(@Nullable Duration connect, @Nullable Duration read) {

		static final Timeouts UNKNOWN = new Timeouts(null, null);

	}

}
