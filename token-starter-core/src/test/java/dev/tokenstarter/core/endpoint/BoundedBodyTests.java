package dev.tokenstarter.core.endpoint;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BoundedBody}.
 *
 * @author token-starter
 */
class BoundedBodyTests {

	@Test
	void readWhenBodyWithinLimitThenReturnsIt() throws Exception {
		byte[] body = bytes(20_000);

		assertThat(BoundedBody.read(new ByteArrayInputStream(body), -1, 20_000)).isEqualTo(body);
		assertThat(BoundedBody.read(new ByteArrayInputStream(body), body.length, 64 * 1024)).isEqualTo(body);
		assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[0]), 0, 10)).isEmpty();
	}

	@Test
	void readWhenEndlessBodyThenFailsHavingReadLittleMoreThanTheLimit() {
		Endless endless = new Endless();

		assertThatExceptionOfType(DataBufferLimitException.class)
			.isThrownBy(() -> BoundedBody.read(endless, -1, 100_000));
		assertThat(endless.read.get()).isGreaterThan(100_000).isLessThanOrEqualTo(100_000 + 8192);
	}

	@Test
	void readWhenContentLengthOverLimitThenFailsWithoutReading() {
		Endless endless = new Endless();

		assertThatExceptionOfType(DataBufferLimitException.class)
			.isThrownBy(() -> BoundedBody.read(endless, 1025, 1024));
		assertThat(endless.read.get()).isZero();
	}

	@Test
	void readWhenContentLengthUnderstatesBodyThenStillStopsAtLimit() {
		Endless endless = new Endless();

		assertThatExceptionOfType(DataBufferLimitException.class)
			.isThrownBy(() -> BoundedBody.read(endless, 10, 1024));
		assertThat(endless.read.get()).isLessThanOrEqualTo(1025 + 8192);
	}

	@Test
	void limitWhenSizeOutOfRangeThenIllegalArgumentException() {
		assertThat(BoundedBody.limit(DataSize.ofKilobytes(64))).isEqualTo(65536);
		assertThatIllegalArgumentException().isThrownBy(() -> BoundedBody.limit(DataSize.ofBytes(0)));
		assertThatIllegalArgumentException().isThrownBy(() -> BoundedBody.limit(DataSize.ofGigabytes(3)));
	}

	@Test
	void describeWhenWholeUnitsThenNamesThem() {
		assertThat(BoundedBody.describe(65536)).isEqualTo("64 KB");
		assertThat(BoundedBody.describe(2 * 1024 * 1024)).isEqualTo("2 MB");
		assertThat(BoundedBody.describe(1000)).isEqualTo("1000 bytes");
	}

	private static byte[] bytes(int length) {
		byte[] bytes = new byte[length];
		Arrays.fill(bytes, (byte) 'x');
		return bytes;
	}

	/**
	 * A body without end that counts what was read of it.
	 */
	private static final class Endless extends InputStream {

		private final AtomicLong read = new AtomicLong();

		@Override
		public int read() {
			this.read.incrementAndGet();
			return 'x';
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			Arrays.fill(buffer, offset, offset + length, (byte) 'x');
			this.read.addAndGet(length);
			return length;
		}

	}

}
