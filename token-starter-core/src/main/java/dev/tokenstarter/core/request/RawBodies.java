package dev.tokenstarter.core.request;

import java.util.HashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.RawBody;

/**
 * Checks on {@link RawBody} templates that can be made before any request, at start-up.
 *
 * @author token-starter
 */
public final class RawBodies {

	private RawBodies() {
	}

	/**
	 * Return whether a raw body of a JSON content type is JSON with its variables filled in, each with
	 * {@code 0} as {@link TokenRequestFactory} escapes it: true when every variable sits inside a JSON
	 * string or where a number may go. Always true for other content types.
	 * @param raw the raw body
	 * @return whether the template is valid
	 */
	public static boolean isValid(RawBody raw) {
		Assert.notNull(raw, "raw cannot be null");
		if (!BodyEscapes.isJson(raw.contentType())) {
			return true;
		}
		Map<String, String> samples = new HashMap<>();
		Templates.variables(raw.template()).forEach((name) -> samples.put(name, "0"));
		try {
			JsonMapper.shared().readTree(Templates.expand(raw.template(), samples, BodyEscapes.forContentType(raw.contentType())));
			return true;
		}
		catch (JacksonException ex) {
			return false;
		}
	}

}
