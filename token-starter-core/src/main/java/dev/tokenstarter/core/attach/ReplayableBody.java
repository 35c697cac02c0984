package dev.tokenstarter.core.attach;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * A request body that keeps a copy of the bytes it sends, up to a bound, so that the request can be sent
 * again, with the very same body, after the API refused its token. A body inserter may be backed by a
 * stream that can be read once (an upload from a file or a socket): subscribing to it again would send
 * an empty or partial body. When the body was larger than the bound, or was not sent to its end, it
 * cannot be replayed and the request is not sent again.
 *
 * @author token-starter
 */
final class ReplayableBody implements BodyInserter<Object, ClientHttpRequest> {

	private final BodyInserter<?, ? super ClientHttpRequest> original;

	private final int maxSize;

	private byte @Nullable [] bytes = new byte[0];

	private int size;

	private volatile boolean complete;

	private volatile @Nullable MediaType contentType;

	private ReplayableBody(BodyInserter<?, ? super ClientHttpRequest> original, int maxSize) {
		this.original = original;
		this.maxSize = maxSize;
	}

	/**
	 * Return a recording of a request's body, or {@code null} when the request has none (which costs
	 * nothing to send again).
	 */
	static @Nullable ReplayableBody of(BodyInserter<?, ? super ClientHttpRequest> body, int maxSize) {
		return (body == BodyInserters.empty()) ? null : new ReplayableBody(body, maxSize);
	}

	@Override
	public Mono<Void> insert(ClientHttpRequest outputMessage, Context context) {
		return this.original.insert(new Recording(outputMessage), context);
	}

	/**
	 * Return an inserter that sends the recorded body again, or {@code null} when it was too large or
	 * not sent to its end.
	 */
	@Nullable BodyInserter<?, ? super ClientHttpRequest> replay() {
		if (!this.complete) {
			return null;
		}
		byte[] recorded;
		synchronized (this) {
			recorded = this.bytes;
		}
		if (recorded == null) {
			return null;
		}
		MediaType type = this.contentType;
		return (message, context) -> {
			if (type != null && message.getHeaders().getContentType() == null) {
				message.getHeaders().setContentType(type);
			}
			message.getHeaders().setContentLength(recorded.length);
			return message.writeWith(Mono.fromSupplier(() -> message.bufferFactory().wrap(recorded)));
		};
	}

	private synchronized void record(DataBuffer buffer) {
		byte[] current = this.bytes;
		if (current == null) {
			return;
		}
		int length = buffer.readableByteCount();
		if (length > this.maxSize - this.size) {
			this.bytes = null;
			return;
		}
		if (this.size + length > current.length) {
			current = Arrays.copyOf(current, Math.min(Math.max(current.length * 2, this.size + length), this.maxSize));
			this.bytes = current;
		}
		buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(current), this.size, length);
		this.size += length;
	}

	private void finish() {
		synchronized (this) {
			if (this.bytes != null && this.bytes.length != this.size) {
				this.bytes = Arrays.copyOf(this.bytes, this.size);
			}
		}
		this.complete = true;
	}

	private final class Recording extends ClientHttpRequestDecorator {

		Recording(ClientHttpRequest delegate) {
			super(delegate);
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			ReplayableBody.this.contentType = getHeaders().getContentType();
			return super.writeWith(
					Flux.from(body).doOnNext(ReplayableBody.this::record).doOnComplete(ReplayableBody.this::finish));
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			ReplayableBody.this.contentType = getHeaders().getContentType();
			// The parts are written one after the other: an empty last part completes once all were recorded.
			Flux<Publisher<? extends DataBuffer>> parts = Flux.from(body)
				.map((part) -> Flux.from(part).doOnNext(ReplayableBody.this::record));
			return super.writeAndFlushWith(parts.concatWith(
					Mono.fromSupplier(() -> Flux.<DataBuffer>empty().doOnComplete(ReplayableBody.this::finish))));
		}

		@Override
		public Mono<Void> setComplete() {
			return super.setComplete().doOnSubscribe((subscription) -> finish());
		}

	}

}
