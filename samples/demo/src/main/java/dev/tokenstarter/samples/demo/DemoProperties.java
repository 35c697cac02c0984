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

	/**
	 * Whether to keep the application running once the demo has printed its lines, to browse its
	 * Actuator endpoints.
	 */
	private boolean keepRunning;

	public Map<String, String> getApiPaths() {
		return this.apiPaths;
	}

	public void setApiPaths(Map<String, String> apiPaths) {
		this.apiPaths = apiPaths;
	}

	public boolean isKeepRunning() {
		return this.keepRunning;
	}

	public void setKeepRunning(boolean keepRunning) {
		this.keepRunning = keepRunning;
	}

}
