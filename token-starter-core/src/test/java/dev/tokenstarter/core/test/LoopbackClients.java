package dev.tokenstarter.core.test;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * HTTP clients on the JDK's own client, for talking to a {@link LoopbackServer}.
 *
 * @author token-starter
 */
public final class LoopbackClients {

	private LoopbackClients() {
	}

	/**
	 * Return a JDK HTTP/1.1 client with a connect timeout.
	 * @return the client
	 */
	public static HttpClient httpClient() {
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/**
	 * Return a RestClient builder on the JDK client, with a read timeout.
	 * @return the builder
	 */
	public static RestClient.Builder restClient() {
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient());
		requestFactory.setReadTimeout(Duration.ofSeconds(10));
		return RestClient.builder().requestFactory(requestFactory);
	}

	/**
	 * Return a WebClient builder on the JDK client (not Reactor Netty).
	 * @return the builder
	 */
	public static WebClient.Builder webClient() {
		return WebClient.builder().clientConnector(new JdkClientHttpConnector(httpClient()));
	}

}
