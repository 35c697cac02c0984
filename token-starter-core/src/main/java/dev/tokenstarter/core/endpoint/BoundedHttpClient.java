package dev.tokenstarter.core.endpoint;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * A JDK {@link HttpClient} that lets go of a response whose body is over a size or still coming after a
 * time from the request: it cancels the body's subscription, which closes the connection, and fails the
 * body with a {@link DataBufferLimitException} or an {@link HttpTimeoutException}. Spring's
 * {@code JdkClientHttpConnector} caches each response body, so a WebClient that stops reading one (at
 * its own limit or time-out) never cancels it: the JDK client would go on reading an endless body, or
 * hold a stalled connection, for good. The reactive endpoint client runs on this client for that reason;
 * the blocking one does not need it, as closing its response closes the connection.
 *
 * @author token-starter
 */
public final class BoundedHttpClient extends HttpClient {

	private final HttpClient delegate;

	private final Duration timeout;

	private final long maxBodySize;

	private BoundedHttpClient(HttpClient delegate, Duration timeout, long maxBodySize) {
		this.delegate = delegate;
		this.timeout = timeout;
		this.maxBodySize = maxBodySize;
	}

	/**
	 * Return a client that sends with the given one and bounds each response.
	 * @param delegate the client that sends
	 * @param timeout how long after the request the whole body must have come
	 * @param maxBodySize how large a body may be
	 * @return the client
	 */
	public static BoundedHttpClient of(HttpClient delegate, Duration timeout, DataSize maxBodySize) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
		return new BoundedHttpClient(delegate, timeout, BoundedBody.limit(maxBodySize));
	}

	@Override
	public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
			throws IOException, InterruptedException {
		return this.delegate.send(request, handler);
	}

	@Override
	public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
			HttpResponse.BodyHandler<T> handler) {
		return this.delegate.sendAsync(request, bounded(handler));
	}

	@Override
	public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
			HttpResponse.BodyHandler<T> handler, HttpResponse.@Nullable PushPromiseHandler<T> pushPromiseHandler) {
		return this.delegate.sendAsync(request, bounded(handler), pushPromiseHandler);
	}

	private <T> HttpResponse.BodyHandler<T> bounded(HttpResponse.BodyHandler<T> handler) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		return (info) -> new BoundedSubscriber<>(handler.apply(info), this.maxBodySize, deadline, this.timeout);
	}

	@Override
	public Optional<CookieHandler> cookieHandler() {
		return this.delegate.cookieHandler();
	}

	@Override
	public Optional<Duration> connectTimeout() {
		return this.delegate.connectTimeout();
	}

	@Override
	public Redirect followRedirects() {
		return this.delegate.followRedirects();
	}

	@Override
	public Optional<ProxySelector> proxy() {
		return this.delegate.proxy();
	}

	@Override
	public SSLContext sslContext() {
		return this.delegate.sslContext();
	}

	@Override
	public SSLParameters sslParameters() {
		return this.delegate.sslParameters();
	}

	@Override
	public Optional<Authenticator> authenticator() {
		return this.delegate.authenticator();
	}

	@Override
	public Version version() {
		return this.delegate.version();
	}

	@Override
	public Optional<Executor> executor() {
		return this.delegate.executor();
	}

	/**
	 * Passes a body on until it is over the size or the deadline, then cancels it and fails it.
	 */
	private static final class BoundedSubscriber<T> implements HttpResponse.BodySubscriber<T> {

		private final HttpResponse.BodySubscriber<T> delegate;

		private final long maxBodySize;

		private final Duration timeout;

		private Flow.@Nullable Subscription subscription;

		private long received;

		private boolean done;

		BoundedSubscriber(HttpResponse.BodySubscriber<T> delegate, long maxBodySize, long deadline,
				Duration timeout) {
			this.delegate = delegate;
			this.maxBodySize = maxBodySize;
			this.timeout = timeout;
			long delay = Math.max(0, deadline - System.nanoTime());
			CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS).execute(this::timeOut);
		}

		@Override
		public CompletionStage<T> getBody() {
			return this.delegate.getBody();
		}

		@Override
		public synchronized void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			this.delegate.onSubscribe(subscription);
		}

		@Override
		public synchronized void onNext(List<ByteBuffer> item) {
			if (this.done) {
				return;
			}
			for (ByteBuffer buffer : item) {
				this.received += buffer.remaining();
			}
			if (this.received > this.maxBodySize) {
				fail(new DataBufferLimitException("Body over the limit of " + this.maxBodySize + " bytes"));
				return;
			}
			this.delegate.onNext(item);
		}

		@Override
		public synchronized void onError(Throwable throwable) {
			if (!this.done) {
				this.done = true;
				this.delegate.onError(throwable);
			}
		}

		@Override
		public synchronized void onComplete() {
			if (!this.done) {
				this.done = true;
				this.delegate.onComplete();
			}
		}

		private synchronized void timeOut() {
			if (!this.done) {
				fail(new HttpTimeoutException("response body not complete within " + this.timeout.toMillis() + " ms"));
			}
		}

		private void fail(Throwable failure) {
			this.done = true;
			if (this.subscription != null) {
				this.subscription.cancel();
			}
			this.delegate.onError(failure);
		}

	}

}
