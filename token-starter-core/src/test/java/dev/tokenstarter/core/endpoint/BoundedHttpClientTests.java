package dev.tokenstarter.core.endpoint;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.util.unit.DataSize;

import dev.tokenstarter.core.test.BrokenEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link BoundedHttpClient} against misbehaving endpoints on loopback.
 *
 * @author token-starter
 */
class BoundedHttpClientTests {

	private static final String STREAMED = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
			+ "Connection: close\r\n\r\n";

	private final HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void sendAsyncWhenBodyWithinLimitsThenPassesItOn() throws Exception {
		try (BrokenEndpoint endpoint = BrokenEndpoint.start()) {
			endpoint.answer(STREAMED + "{\"access_token\":\"at\"}", BrokenEndpoint.Behaviour.CLOSE);
			HttpClient client = BoundedHttpClient.of(this.jdk, Duration.ofSeconds(10), DataSize.ofKilobytes(1));

			HttpResponse<String> response = client
				.sendAsync(request(endpoint), HttpResponse.BodyHandlers.ofString())
				.get(10, TimeUnit.SECONDS);

			assertThat(response.body()).isEqualTo("{\"access_token\":\"at\"}");
		}
	}

	@Test
	void sendAsyncWhenBodyEndlessThenFailsAtLimitAndClosesConnection() throws Exception {
		try (BrokenEndpoint endpoint = BrokenEndpoint.start()) {
			endpoint.answer(STREAMED, BrokenEndpoint.Behaviour.ENDLESS);
			HttpClient client = BoundedHttpClient.of(this.jdk, Duration.ofSeconds(10), DataSize.ofKilobytes(16));

			Throwable failure = catchThrowable(() -> client
				.sendAsync(request(endpoint), HttpResponse.BodyHandlers.ofByteArray())
				.get(10, TimeUnit.SECONDS));

			assertThat(failure).isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(DataBufferLimitException.class);
			assertThat(endpoint.awaitEndlessBodyAbandoned(10)).as("connection closed").isTrue();
		}
	}

	@Test
	void sendAsyncWhenBodyStallsThenFailsAtTimeoutAndClosesConnection() throws Exception {
		try (BrokenEndpoint endpoint = BrokenEndpoint.start()) {
			endpoint.answer(STREAMED + "{\"access", BrokenEndpoint.Behaviour.STALL);
			HttpClient client = BoundedHttpClient.of(this.jdk, Duration.ofMillis(300), DataSize.ofKilobytes(16));

			long started = System.nanoTime();
			Throwable failure = catchThrowable(() -> client
				.sendAsync(request(endpoint), HttpResponse.BodyHandlers.ofByteArray())
				.get(10, TimeUnit.SECONDS));

			assertThat(failure).isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(HttpTimeoutException.class);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		}
	}

	@Test
	void ofWhenTimeoutNotPositiveThenIllegalArgumentException() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BoundedHttpClient.of(this.jdk, Duration.ZERO, DataSize.ofKilobytes(1)));
	}

	@Test
	void accessorsWhenAskedThenTellTheDelegatesSettings() {
		HttpClient delegate = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
		HttpClient client = BoundedHttpClient.of(delegate, Duration.ofSeconds(1), DataSize.ofKilobytes(1));

		assertThat(client.connectTimeout()).contains(Duration.ofSeconds(3));
		assertThat(client.version()).isEqualTo(delegate.version());
		assertThat(client.followRedirects()).isEqualTo(delegate.followRedirects());
	}

	private static HttpRequest request(BrokenEndpoint endpoint) {
		return HttpRequest.newBuilder(URI.create(endpoint.uri("/token"))).build();
	}

}
