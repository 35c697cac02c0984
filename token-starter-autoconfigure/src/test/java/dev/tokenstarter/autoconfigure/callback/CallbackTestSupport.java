package dev.tokenstarter.autoconfigure.callback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the callback endpoint tests share: a Memories.ai client (seed 000) whose tokens come by callback,
 * deliveries, and a plain HTTP client that posts them to the real server.
 *
 * @author token-starter
 */
final class CallbackTestSupport {

	static final Instant START = Instant.parse("2025-06-20T02:00:00Z");

	static final String DELIVERY = "{\"code\":\"0000\",\"msg\":\"success\",\"data\":{\"accessToken\":\"at-cb-1\","
			+ "\"type\":\"Bearer\",\"expiresIn\":7200,\"refreshToken\":\"rt-cb-1\",\"refreshExpiresIn\":5184000}}";

	static final String OTHER_DELIVERY = DELIVERY.replace("at-cb-1", "at-cb-2");

	static final String[] MEMORIES = { "token-starter.callback.base-url=https://app.example.com",
			"token-starter.clients.memories.grant=code",
			"token-starter.clients.memories.client-id=myxjDRvjN+osYha2DxNAuVlYVnpY26BU2pPJdCyVzJU=",
			"token-starter.clients.memories.code=cb-code-7f3a",
			"token-starter.clients.memories.token.uri=https://api.example.com/auth/api/token/getAccessToken",
			"token-starter.clients.memories.token.delivery=callback",
			"token-starter.clients.memories.token.body.clientId={client-id}",
			"token-starter.clients.memories.token.body.code={code}",
			"token-starter.clients.memories.token.body.callbackUri={callback-uri}",
			"token-starter.clients.memories.token.response.access-token=/data/accessToken",
			"token-starter.clients.memories.token.response.refresh-token=/data/refreshToken",
			"token-starter.clients.memories.token.response.expires=/data/expiresIn",
			"token-starter.clients.memories.token.response.success-pointer=/code",
			"token-starter.clients.memories.token.response.success-values[0]=0000",
			"token-starter.clients.other.token.uri=https://api.example.com/oauth/token" };

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private CallbackTestSupport() {
	}

	/**
	 * Post a JSON body to a server on 127.0.0.1.
	 * @return the status of the answer
	 */
	static int post(int port, String pathAndQuery, String body) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A clock that tests move, as the application's Clock bean.
	 */
	@Configuration(proxyBeanMethods = false)
	static class MovingClockConfiguration {

		@Bean
		MovingClock movingClock() {
			return new MovingClock();
		}

	}

	static final class MovingClock extends Clock {

		private final AtomicReference<Instant> now = new AtomicReference<>(START);

		void advance(Duration duration) {
			this.now.updateAndGet((instant) -> instant.plus(duration));
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now.get();
		}

	}

}
