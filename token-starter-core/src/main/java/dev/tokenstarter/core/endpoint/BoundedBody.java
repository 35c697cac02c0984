package dev.tokenstarter.core.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Reads a body that a token endpoint or its callback sends, up to a limit: incrementally, so that an
 * endless or oversized body costs at most the limit in memory, and failing with a
 * {@link DataBufferLimitException} as soon as the limit is passed, or at once when a
 * {@code Content-Length} announces more. The blocking endpoint client and the servlet callback endpoint
 * read with it; their reactive twins use {@code DataBufferUtils.join(body, limit)}, which fails the same
 * way, after the same {@link #checkContentLength(long, int) check}.
 *
 * @author token-starter
 */
public final class BoundedBody {

	/**
	 * How large a token response, refresh response or callback delivery may be by default: real ones,
	 * JWTs and envelopes included, take a few kilobytes.
	 */
	public static final DataSize DEFAULT_LIMIT = DataSize.ofKilobytes(64);

	private static final int CHUNK = 8192;

	private BoundedBody() {
	}

	/**
	 * Read a body up to a limit.
	 * @param body the body
	 * @param contentLength the announced length, or -1 when unknown
	 * @param limit the most bytes to accept
	 * @return the body
	 * @throws DataBufferLimitException when the body is longer than the limit
	 * @throws IOException when reading fails
	 */
	public static byte[] read(InputStream body, long contentLength, int limit) throws IOException {
		Assert.notNull(body, "body cannot be null");
		checkContentLength(contentLength, limit);
		byte[] buffer = new byte[(int) Math.min(CHUNK, (contentLength >= 0) ? contentLength : CHUNK)];
		int length = 0;
		while (true) {
			if (length == buffer.length) {
				if (length > limit) {
					throw tooLarge(limit);
				}
				buffer = Arrays.copyOf(buffer, (int) Math.min((long) limit + 1, Math.max(CHUNK, 2L * length)));
			}
			int read = body.read(buffer, length, buffer.length - length);
			if (read < 0) {
				return (length == buffer.length) ? buffer : Arrays.copyOf(buffer, length);
			}
			length += read;
			if (length > limit) {
				throw tooLarge(limit);
			}
		}
	}

	/**
	 * Fail at once when a body announces more than the limit.
	 * @param contentLength the announced length, or -1 when unknown
	 * @param limit the most bytes to accept
	 * @throws DataBufferLimitException when the announced length is over the limit
	 */
	public static void checkContentLength(long contentLength, int limit) {
		Assert.isTrue(limit > 0, "limit must be positive");
		if (contentLength > limit) {
			throw tooLarge(limit);
		}
	}

	/**
	 * Return the limit, in bytes, that a size stands for, checking that a buffer can hold it.
	 * @param size the size
	 * @return the limit
	 */
	public static int limit(DataSize size) {
		Assert.notNull(size, "size cannot be null");
		Assert.isTrue(size.toBytes() > 0 && size.toBytes() < Integer.MAX_VALUE - 8,
				() -> "size must be between 1 byte and 2 GB but was " + size);
		return (int) size.toBytes();
	}

	/**
	 * Describe a limit for a message, such as {@code 64 KB}.
	 * @param limit the limit, in bytes
	 * @return the description
	 */
	public static String describe(int limit) {
		if (limit % (1024 * 1024) == 0) {
			return (limit / (1024 * 1024)) + " MB";
		}
		return (limit % 1024 == 0) ? (limit / 1024) + " KB" : limit + " bytes";
	}

	private static DataBufferLimitException tooLarge(int limit) {
		return new DataBufferLimitException("Body over the limit of " + limit + " bytes");
	}

}
