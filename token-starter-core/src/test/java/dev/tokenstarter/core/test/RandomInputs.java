package dev.tokenstarter.core.test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import org.jspecify.annotations.Nullable;

/**
 * Hostile input for property-based tests, from a seeded {@link Random}: a failing case names its seed,
 * and the same seed makes the same input again. It makes random bytes, random, deep, huge and truncated
 * JSON, token responses whose values are random, content types and statuses, and strings with the
 * characters that break parsers and headers (controls, CR LF, braces, quotes, surrogates).
 * <p>
 * Every token it puts in a response starts with {@link #SECRET_MARK}, which nothing else it makes
 * holds, so that a test can check that no message carries a token.
 *
 * @author token-starter
 */
public final class RandomInputs {

	/**
	 * Start of every token value this class makes.
	 */
	public static final String SECRET_MARK = "Sec7Mark";

	private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final String[] TRICKY = { "\r\n", "\n", "\r", "\u0000", "\t", "\u007f", "{", "}", "{x}", "\"", "\\",
			"%", "%0d%0a", "+", "&", "=", "?", "#", "$1", "\\u0000", "é", "€", "\uD83D\uDE00", "\uD800", "\u2028", " ",
			"<html>", "null", "-1", "1e309" };

	private static final String @Nullable [] CONTENT_TYPES = { null, "application/json", "application/json",
			"application/json;charset=UTF-8", "application/problem+json", "application/vnd.api+json", "text/html",
			"text/plain", "application/xml", "application/x-www-form-urlencoded", "application/octet-stream",
			"*/*", "json", "application/", "/json", "application/json; charset=nonsense", "text/html; q=x",
			"multipart/form-data; boundary=", ";;;", "application/json, text/html" };

	private static final int[] STATUSES = { 200, 200, 200, 200, 201, 202, 204, 206, 299, 301, 302, 304, 400, 401, 403,
			404, 405, 408, 409, 413, 418, 422, 429, 499, 500, 502, 503, 504, 599 };

	private final Random random;

	private final long seed;

	private RandomInputs(long seed) {
		this.seed = seed;
		this.random = new Random(seed);
	}

	/**
	 * Return inputs made from a seed.
	 * @param seed the seed
	 * @return the inputs
	 */
	public static RandomInputs seeded(long seed) {
		return new RandomInputs(seed);
	}

	/**
	 * Return the seeds of a property test: fixed, so that a failure shows again on the next run.
	 * @param count how many
	 * @return the seeds
	 */
	public static LongStream seeds(int count) {
		return LongStream.range(0, count).map((i) -> 0x5eed_0000L + i * 7919);
	}

	public long seed() {
		return this.seed;
	}

	public Random random() {
		return this.random;
	}

	public int between(int lowest, int highest) {
		return lowest + this.random.nextInt(highest - lowest + 1);
	}

	public boolean chance(double probability) {
		return this.random.nextDouble() < probability;
	}

	public <T> T oneOf(List<T> choices) {
		return choices.get(this.random.nextInt(choices.size()));
	}

	/**
	 * Return an HTTP status that token endpoints answer with, or that they should not.
	 * @return the status
	 */
	public int status() {
		return STATUSES[this.random.nextInt(STATUSES.length)];
	}

	/**
	 * Return a content type header value: JSON ones, others, malformed ones, or none.
	 * @return the value, or {@code null} for none
	 */
	public @Nullable String contentType() {
		return CONTENT_TYPES[this.random.nextInt(CONTENT_TYPES.length)];
	}

	/**
	 * Return random bytes.
	 * @param maxLength the longest
	 * @return the bytes
	 */
	public byte[] bytes(int maxLength) {
		byte[] bytes = new byte[this.random.nextInt(maxLength + 1)];
		this.random.nextBytes(bytes);
		return bytes;
	}

	/**
	 * Return a token value: the {@link #SECRET_MARK} and random characters, now and then with a
	 * character that cannot go in a header, or shaped as a JWT.
	 * @return the token
	 */
	public String token() {
		StringBuilder token = new StringBuilder(SECRET_MARK).append(alphanumeric(between(4, 40)));
		if (chance(0.1)) {
			token.insert(between(SECRET_MARK.length(), token.length()), TRICKY[this.random.nextInt(6)]);
		}
		return token.toString();
	}

	/**
	 * Return a string of letters and digits.
	 * @param length the length
	 * @return the string
	 */
	public String alphanumeric(int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(ALPHANUMERIC.charAt(this.random.nextInt(ALPHANUMERIC.length())));
		}
		return text.toString();
	}

	/**
	 * Return a string that mixes letters with characters that break parsers, templates and headers.
	 * @param maxParts how many pieces at most
	 * @return the string
	 */
	public String nasty(int maxParts) {
		StringBuilder text = new StringBuilder();
		int parts = this.random.nextInt(maxParts + 1);
		for (int i = 0; i < parts; i++) {
			text.append(chance(0.5) ? TRICKY[this.random.nextInt(TRICKY.length)] : alphanumeric(between(1, 8)));
		}
		return text.toString();
	}

	/**
	 * Return a JSON value of random shape, as text: objects, arrays, strings with escapes, numbers beyond
	 * {@code long} and {@code double}, booleans and nulls.
	 * @param depth how deep it may nest
	 * @param width how many members an object or array may have
	 * @return the JSON text
	 */
	public String json(int depth, int width) {
		StringBuilder json = new StringBuilder();
		appendValue(json, depth, width);
		return json.toString();
	}

	/**
	 * Return JSON nested deeper than parsers allow: arrays or objects in arrays or objects.
	 * @param depth how deep
	 * @return the JSON text
	 */
	public String deepJson(int depth) {
		boolean objects = chance(0.5);
		StringBuilder json = new StringBuilder(depth * 6);
		for (int i = 0; i < depth; i++) {
			json.append(objects ? "{\"a\":" : "[");
		}
		json.append("1");
		for (int i = 0; i < depth; i++) {
			json.append(objects ? "}" : "]");
		}
		return json.toString();
	}

	/**
	 * Return a JSON object of about the given size: many members or one long string.
	 * @param size the size in characters
	 * @return the JSON text
	 */
	public String hugeJson(int size) {
		StringBuilder json = new StringBuilder(size + 64);
		if (chance(0.5)) {
			json.append("{\"access_token\":\"").append(SECRET_MARK).append("x".repeat(Math.max(0, size - 40)));
			return json.append("\",\"expires_in\":60}").toString();
		}
		json.append('{');
		for (int i = 0; json.length() < size; i++) {
			json.append((i > 0) ? "," : "").append("\"f").append(i).append("\":").append(this.random.nextLong());
		}
		return json.append('}').toString();
	}

	/**
	 * Return a token response of a common shape whose values are random: a token (or something else) at
	 * the usual places, expiries of every kind and type, error codes and messages made of
	 * {@link #nasty(int) nasty} strings.
	 * @return the JSON text
	 */
	public String tokenResponse() {
		return tokenResponse(this.random.nextInt(4));
	}

	/**
	 * Return a token response in OAuth2's shape, {@code access_token} and all, whose values are random.
	 * @return the JSON text
	 */
	public String oauth2TokenResponse() {
		return tokenResponse(0);
	}

	private String tokenResponse(int shape) {
		List<String> members = new ArrayList<>();
		String token = chance(0.9) ? quoted(token()) : randomValue();
		switch (shape) {
			case 0 -> members.add("\"access_token\":" + token);
			case 1 -> members.add("\"data\":{\"accessToken\":" + token + ",\"expiresIn\":" + expiryValue() + "}");
			case 2 -> members.add("\"access\":" + token);
			default -> members.add("\"token\":" + token);
		}
		if (chance(0.6)) {
			members.add("\"refresh_token\":" + (chance(0.9) ? quoted(token()) : randomValue()));
		}
		if (chance(0.7)) {
			members.add("\"expires_in\":" + expiryValue());
		}
		if (chance(0.4)) {
			members.add("\"token_type\":" + (chance(0.5) ? "\"Bearer\"" : quoted(nasty(3))));
		}
		if (chance(0.3)) {
			members.add("\"code\":" + (chance(0.5) ? "\"0000\"" : quoted(nasty(3))));
		}
		if (chance(0.3)) {
			members.add("\"error\":" + (chance(0.7) ? quoted(nasty(4)) : randomValue()));
		}
		if (chance(0.3)) {
			members.add("\"error_description\":" + quoted(nasty(60)));
		}
		java.util.Collections.shuffle(members, this.random);
		return "{" + String.join(",", members) + "}";
	}

	/**
	 * Return a body for a token endpoint's answer, of a randomly chosen kind: a token response, random
	 * JSON, random bytes, deep JSON, huge JSON, HTML, or one of these cut short.
	 * @param maxSize about the largest body
	 * @return the body
	 */
	public byte[] responseBody(int maxSize) {
		String text = switch (this.random.nextInt(9)) {
			case 0, 1, 2 -> tokenResponse();
			case 3 -> json(between(0, 6), 6);
			case 4 -> deepJson(between(100, 5_000));
			case 5 -> hugeJson(between(1, maxSize));
			case 6 -> "<html><body>" + nasty(10) + "</body></html>";
			case 7 -> formTokenResponse();
			default -> null;
		};
		byte[] body = (text != null) ? text.getBytes(StandardCharsets.UTF_8) : bytes(Math.min(maxSize, 4096));
		if (chance(0.15) && body.length > 1) {
			body = java.util.Arrays.copyOf(body, this.random.nextInt(body.length));
		}
		return body;
	}

	/**
	 * Return a form-encoded token response whose values are random, now and then badly encoded.
	 * @return the form
	 */
	public String formTokenResponse() {
		StringBuilder form = new StringBuilder("access_token=")
			.append(URLEncoder.encode(chance(0.9) ? token() : nasty(4), StandardCharsets.UTF_8));
		if (chance(0.5)) {
			form.append("&expires_in=").append(URLEncoder.encode(expiryValue(), StandardCharsets.UTF_8));
		}
		if (chance(0.3)) {
			form.append("&error=").append(URLEncoder.encode(nasty(4), StandardCharsets.UTF_8));
		}
		if (chance(0.2)) {
			form.append("&%zz=").append(nasty(3)).append("&&=");
		}
		return form.toString();
	}

	private String expiryValue() {
		return switch (this.random.nextInt(10)) {
			case 0 -> String.valueOf(this.random.nextLong());
			case 1 -> "99999999999999999999999999";
			case 2 -> "-" + this.random.nextInt(1_000_000);
			case 3 -> "1.5e308";
			case 4 -> quoted(nasty(3));
			case 5 -> quoted(String.valueOf(between(1, 100_000)));
			case 6 -> "\"2026-11-23T12:00:00Z\"";
			case 7 -> "null";
			case 8 -> randomValue();
			default -> String.valueOf(between(1, 100_000));
		};
	}

	private String randomValue() {
		return json(2, 3);
	}

	private void appendValue(StringBuilder json, int depth, int width) {
		int kind = this.random.nextInt((depth > 0) ? 8 : 6);
		switch (kind) {
			case 0 -> json.append("null");
			case 1 -> json.append(this.random.nextBoolean());
			case 2 -> json.append(this.random.nextLong());
			case 3 -> json.append(chance(0.5) ? "1e400" : String.valueOf(this.random.nextDouble() * 1e12));
			case 4, 5 -> json.append(quoted(nasty(6)));
			case 6 -> {
				json.append('[');
				int members = this.random.nextInt(width + 1);
				for (int i = 0; i < members; i++) {
					json.append((i > 0) ? "," : "");
					appendValue(json, depth - 1, width);
				}
				json.append(']');
			}
			default -> {
				json.append('{');
				int members = this.random.nextInt(width + 1);
				for (int i = 0; i < members; i++) {
					json.append((i > 0) ? "," : "").append(quoted(chance(0.5) ? "access_token" : nasty(2))).append(':');
					appendValue(json, depth - 1, width);
				}
				json.append('}');
			}
		}
	}

	/**
	 * Return a string as a JSON string literal, escaping what JSON requires.
	 * @param value the string
	 * @return the literal
	 */
	public static String quoted(String value) {
		StringBuilder json = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"').toString();
	}

	@Override
	public String toString() {
		return "RandomInputs[seed=" + this.seed + "]";
	}

}
