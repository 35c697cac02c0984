package dev.tokenstarter.core.definition;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;

import org.springframework.util.Assert;

/**
 * Where a value of a token response is: at a JSON Pointer into the body, read by the body's format, or
 * in a response header. Written {@code /data/access_token} for the body and
 * {@code header:X-Subject-Token} for a header.
 *
 * @param pointer where the value is in the body, or {@code null} when it is in a header
 * @param header the header that holds the value, or {@code null} when it is in the body
 * @author token-starter
 */
public record ResponseSource(@Nullable JsonPointer pointer, @Nullable String header) {

	/**
	 * Prefix that marks a header source in its written form.
	 */
	public static final String HEADER_PREFIX = "header:";

	public ResponseSource {
		Assert.isTrue((pointer == null) != (header == null), "exactly one of pointer and header must be set");
		Assert.isTrue(header == null || isHeaderName(header), () -> "'" + header + "' is not a header name");
	}

	/**
	 * Return a source at a JSON Pointer into the body.
	 * @param pointer the pointer, such as {@code /access_token}
	 * @return the source
	 */
	public static ResponseSource body(String pointer) {
		return new ResponseSource(JsonPointer.compile(pointer), null);
	}

	/**
	 * Return a source at a JSON Pointer into the body.
	 * @param pointer the pointer
	 * @return the source
	 */
	public static ResponseSource body(JsonPointer pointer) {
		return new ResponseSource(pointer, null);
	}

	/**
	 * Return a source in a response header.
	 * @param name the header name, such as {@code X-Subject-Token}
	 * @return the source
	 */
	public static ResponseSource header(String name) {
		return new ResponseSource(null, name);
	}

	/**
	 * Read the written form of a source: {@code header:Name} or a JSON Pointer.
	 * @param value the written form
	 * @return the source
	 * @throws IllegalArgumentException when the value is neither
	 */
	public static ResponseSource parse(String value) {
		Assert.notNull(value, "value cannot be null");
		String trimmed = value.trim();
		if (trimmed.toLowerCase(Locale.ROOT).startsWith(HEADER_PREFIX)) {
			String name = trimmed.substring(HEADER_PREFIX.length()).trim();
			Assert.isTrue(isHeaderName(name), () -> "'" + value + "' does not name a header after " + HEADER_PREFIX);
			return header(name);
		}
		Assert.isTrue(isJsonPointer(trimmed), () -> "'" + value + "' is not a valid JSON Pointer");
		return body(trimmed);
	}

	/**
	 * Return whether the value is in a response header.
	 * @return whether this is a header source
	 */
	public boolean isHeader() {
		return this.header != null;
	}

	private static boolean isHeaderName(String name) {
		// RFC 9110 token characters
		if (name.isEmpty()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
			if (!token) {
				return false;
			}
		}
		return true;
	}

	private static boolean isJsonPointer(String value) {
		if (!value.startsWith("/")) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) == '~'
					&& (i + 1 >= value.length() || (value.charAt(i + 1) != '0' && value.charAt(i + 1) != '1'))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Return the written form: the JSON Pointer, or {@code header:Name}.
	 */
	@Override
	public String toString() {
		return (this.header != null) ? HEADER_PREFIX + this.header : String.valueOf(this.pointer);
	}

}
