package dev.tokenstarter.samples.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Request received by the emulator, as recorded for assertions.
 *
 * @param method the HTTP method
 * @param path the raw request path, including the provider prefix
 * @param query the raw query string, or {@code null} if there is none
 * @param headers the request headers keyed by lower-case name
 * @param body the request body decoded as UTF-8, {@code ""} if there is none
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
		String body) {

	/**
	 * Create a recorded request, copying the headers into an immutable map with lower-case
	 * names.
	 */
	public RecordedRequest {
		Objects.requireNonNull(method, "method cannot be null");
		Objects.requireNonNull(path, "path cannot be null");
		headers = copyOf((headers != null) ? headers : Map.of());
		body = (body != null) ? body : "";
	}

	/**
	 * Return the first value of a header.
	 * @param name the header name, in any case
	 * @return the first value, or {@code null} if the header is absent
	 */
	public String header(String name) {
		List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	private static Map<String, List<String>> copyOf(Map<String, List<String>> headers) {
		Map<String, List<String>> copy = new LinkedHashMap<>();
		headers.forEach((name, values) -> copy.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values),
				(existing, added) -> {
					List<String> merged = new ArrayList<>(existing);
					merged.addAll(added);
					return List.copyOf(merged);
				}));
		return Collections.unmodifiableMap(copy);
	}

}
