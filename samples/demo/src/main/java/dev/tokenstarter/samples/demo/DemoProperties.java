package dev.tokenstarter.samples.demo;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the demo.
 *
 * @author token-starter
 */
@ConfigurationProperties("demo")
public class DemoProperties {

	/**
	 * Protected API path to call for each token client, relative to the client's base URL.
	 */
	private Map<String, String> apiPaths = new LinkedHashMap<>();

	public Map<String, String> getApiPaths() {
		return this.apiPaths;
	}

	public void setApiPaths(Map<String, String> apiPaths) {
		this.apiPaths = apiPaths;
	}

}
