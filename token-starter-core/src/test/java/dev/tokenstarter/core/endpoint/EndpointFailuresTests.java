package dev.tokenstarter.core.endpoint;

import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import dev.tokenstarter.core.request.TokenRequest;
import dev.tokenstarter.core.response.TokenEndpointException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EndpointFailures}.
 *
 * @author token-starter
 */
class EndpointFailuresTests {

	private static final TokenRequest REQUEST = new TokenRequest("api", HttpMethod.POST,
			URI.create("http://127.0.0.1:8080/oauth/token?client_secret=s3cret"), new HttpHeaders(), null);

	@Test
	void unreachableWhenConnectTimeoutPassedThenNamesConnectTimeout() {
		EndpointFailures.Timeouts timeouts = new EndpointFailures.Timeouts(Duration.ofMillis(300),
				Duration.ofSeconds(5));

		TokenEndpointException ex = EndpointFailures.unreachable(REQUEST,
				new HttpConnectTimeoutException("HTTP connect timed out"), timeouts, startedAgo(Duration.ofMillis(400)));

		assertThat(ex.isTransient()).isTrue();
		assertThat(ex.getMessage()).isEqualTo("Token endpoint of client 'api' at http://127.0.0.1:8080/oauth/token "
				+ "could not be reached: connect timeout of 300 ms passed");
	}

	@Test
	void unreachableWhenReadTimeoutPassedWhileConnectingThenNamesReadTimeout() {
		// The JDK client reports "HTTP connect timed out" when the request timeout passes before the
		// connection is made, however long the connect timeout.
		EndpointFailures.Timeouts timeouts = new EndpointFailures.Timeouts(Duration.ofSeconds(5),
				Duration.ofMillis(200));

		TokenEndpointException ex = EndpointFailures.unreachable(REQUEST,
				new HttpConnectTimeoutException("HTTP connect timed out"), timeouts, startedAgo(Duration.ofMillis(300)));

		assertThat(ex.isTransient()).isTrue();
		assertThat(ex.getError().getErrorCode()).isEqualTo(EndpointFailures.UNREACHABLE);
		assertThat(ex.getMessage()).isEqualTo("Token endpoint of client 'api' at http://127.0.0.1:8080/oauth/token "
				+ "gave no complete response: read timeout of 200 ms passed");
	}

	@Test
	void unreachableWhenConnectTimeoutReportedAndTimeoutsUnknownThenSaysConnectTimeout() {
		TokenEndpointException ex = EndpointFailures.unreachable(REQUEST,
				new HttpConnectTimeoutException("HTTP connect timed out"), EndpointFailures.Timeouts.UNKNOWN,
				startedAgo(Duration.ofMillis(300)));

		assertThat(ex.getMessage()).endsWith("/oauth/token could not be reached: connect timeout passed");
	}

	private static long startedAgo(Duration elapsed) {
		return System.nanoTime() - elapsed.toNanos();
	}

}
