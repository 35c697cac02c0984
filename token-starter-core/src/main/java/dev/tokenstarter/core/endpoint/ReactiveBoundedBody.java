package dev.tokenstarter.core.endpoint;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.util.Assert;

/**
 * The reactive twin of {@link BoundedBody}: reads a body of data buffers up to a limit, incrementally,
 * and fails with a {@link DataBufferLimitException} as soon as the limit is passed, or at once when a
 * {@code Content-Length} announces more. The reactive endpoint client and the WebFlux callback endpoint
 * read with it.
 *
 * @author token-starter
 */
public final class ReactiveBoundedBody {

	private static final byte[] EMPTY = new byte[0];

	private ReactiveBoundedBody() {
	}

	/**
	 * Read a body up to a limit.
	 * @param body the body
	 * @param contentLength the announced length, or -1 when unknown
	 * @param limit the most bytes to accept
	 * @return the body, empty when there was none, or a {@link DataBufferLimitException} error
	 */
	public static Mono<byte[]> read(Publisher<? extends DataBuffer> body, long contentLength, int limit) {
		Assert.notNull(body, "body cannot be null");
		return Mono.defer(() -> {
			BoundedBody.checkContentLength(contentLength, limit);
			return DataBufferUtils.join(body, limit);
		}).map(ReactiveBoundedBody::bytes).defaultIfEmpty(EMPTY);
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

}
