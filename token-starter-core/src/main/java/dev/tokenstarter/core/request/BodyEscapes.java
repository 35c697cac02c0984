package dev.tokenstarter.core.request;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import tools.jackson.core.io.JsonStringEncoder;

import org.springframework.http.MediaType;

/**
 * How a {@code {variable}} is escaped as it is filled into a raw body template, by the body's content
 * type: JSON string escaping for JSON, URL encoding for form-encoded bodies, XML escaping for XML, and
 * none for anything else.
 *
 * @author token-starter
 */
final class BodyEscapes {

	private static final Function<String, String> JSON = BodyEscapes::json;

	private static final Function<String, String> FORM = (value) -> URLEncoder.encode(value, StandardCharsets.UTF_8);

	private static final Function<String, String> XML = BodyEscapes::xml;

	private BodyEscapes() {
	}

	/**
	 * Return the escaping for a content type.
	 * @param contentType the content type of the body
	 * @return the escaping
	 */
	static Function<String, String> forContentType(MediaType contentType) {
		if (isJson(contentType)) {
			return JSON;
		}
		if (MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(contentType)) {
			return FORM;
		}
		if (contentType.getSubtype().equals("xml") || contentType.getSubtype().endsWith("+xml")) {
			return XML;
		}
		return Function.identity();
	}

	private static String json(String value) {
		StringBuilder escaped = new StringBuilder(value.length() + 8);
		JsonStringEncoder.getInstance().quoteAsString(value, escaped);
		return escaped.toString();
	}

	private static String xml(String value) {
		StringBuilder escaped = new StringBuilder(value.length() + 16);
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '&' -> escaped.append("&amp;");
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&apos;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	/**
	 * Return whether a content type is JSON, {@code application/json} or a {@code +json} type.
	 * @param contentType the content type
	 * @return whether it is JSON
	 */
	static boolean isJson(MediaType contentType) {
		return contentType.getSubtype().equals("json") || contentType.getSubtype().endsWith("+json");
	}

}
