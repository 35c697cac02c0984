package dev.tokenstarter.test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} text (a form body or a query) into its parameters.
 *
 * @author token-starter
 */
final class FormDecoding {

	private FormDecoding() {
	}

	/**
	 * Return the parameters, in order, the first value of each.
	 */
	static Map<String, String> decode(String text) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (text.isEmpty()) {
			return parameters;
		}
		for (String pair : text.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = (equals >= 0) ? pair.substring(0, equals) : pair;
			String value = (equals >= 0) ? pair.substring(equals + 1) : "";
			parameters.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return parameters;
	}

}
