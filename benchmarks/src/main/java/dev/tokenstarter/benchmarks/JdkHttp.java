package dev.tokenstarter.benchmarks;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;

/**
 * The one HTTP client setup of every benchmark, for token-starter and stock Spring Security alike: the
 * JDK {@link HttpClient} on HTTP/1.1 with keep-alive, under both RestClient and WebClient.
 *
 * @author token-starter
 */
final class JdkHttp {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private JdkHttp() {
	}

	static HttpClient client() {
		return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
	}

	static JdkClientHttpRequestFactory requestFactory(HttpClient client) {
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(client);
		requestFactory.setReadTimeout(TIMEOUT);
		return requestFactory;
	}

	static JdkClientHttpConnector connector(HttpClient client) {
		JdkClientHttpConnector connector = new JdkClientHttpConnector(client);
		connector.setReadTimeout(TIMEOUT);
		return connector;
	}

}
