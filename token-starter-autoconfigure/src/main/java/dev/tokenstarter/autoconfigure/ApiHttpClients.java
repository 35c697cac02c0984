package dev.tokenstarter.autoconfigure;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/**
 * The JDK HttpClients of the API beans that token-starter builds from scratch, one per connect time-out
 * and shared by every bean and builder that uses it, so that prototype builders do not each start an
 * HttpClient of their own.
 *
 * @author token-starter
 */
final class ApiHttpClients {

	private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();

	/**
	 * Return a request factory with the connect and read time-outs of a client.
	 */
	JdkClientHttpRequestFactory requestFactory(BeanFactory beanFactory, String id) {
		TokenStarterProperties.Client client = client(beanFactory, id);
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(
				httpClient(client.getConnectTimeout()));
		requestFactory.setReadTimeout(client.getReadTimeout());
		return requestFactory;
	}

	/**
	 * Return the HttpClient for a connect time-out.
	 */
	HttpClient httpClient(Duration connectTimeout) {
		return this.clients.computeIfAbsent(connectTimeout,
				(timeout) -> HttpClient.newBuilder().connectTimeout(timeout).build());
	}

	static TokenStarterProperties.Client client(BeanFactory beanFactory, String id) {
		TokenStarterProperties.Client client = beanFactory.getBean(TokenStarterProperties.class).getClients().get(id);
		return (client != null) ? client : new TokenStarterProperties.Client();
	}

}
