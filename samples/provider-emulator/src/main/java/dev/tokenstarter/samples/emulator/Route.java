package dev.tokenstarter.samples.emulator;

import java.util.function.Function;

/**
 * One emulated endpoint: where it lives, whether it hands out tokens, and what it answers.
 *
 * @param provider the provider the endpoint belongs to
 * @param method the accepted HTTP method
 * @param path the full path, including the provider prefix
 * @param tokenEndpoint whether the endpoint issues tokens (login, token, refresh), as opposed
 * to the protected API
 * @param handler computes the response
 */
record Route(String provider, String method, String path, boolean tokenEndpoint,
		Function<RecordedRequest, EmulatorResponse> handler) {

	static Route token(String provider, String method, String path,
			Function<RecordedRequest, EmulatorResponse> handler) {
		return new Route(provider, method, path, true, handler);
	}

	static Route api(String provider, String method, String path,
			Function<RecordedRequest, EmulatorResponse> handler) {
		return new Route(provider, method, path, false, handler);
	}

}
