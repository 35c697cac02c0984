package dev.tokenstarter.core.response;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.tokenstarter.core.definition.ExpiryKind;
import dev.tokenstarter.core.definition.ExpirySpec;

/**
 * Turns the expiry value of a token response into an instant, whatever it means.
 *
 * @author token-starter
 */
final class ExpiryResolver {

	private final JsonMapper jsonMapper;

	ExpiryResolver(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Resolve an expiry.
	 * @param spec where the value is and what it means
	 * @param content the response
	 * @param token the token the expiry belongs to, for {@link ExpiryKind#JWT_EXP} and the JWT fallback
	 * @param receivedAt when the response was received
	 * @return the expiry, or {@code null} when unknown
	 * @throws IllegalArgumentException when the value cannot be read as the kind says; the message
	 * names the source and the kind, never the value
	 */
	@Nullable Instant resolve(ExpirySpec spec, ResponseContent content, String token, Instant receivedAt) {
		if (spec.kind() == ExpiryKind.LIFETIME) {
			return receivedAt.plus(spec.lifetime());
		}
		if (spec.kind() == ExpiryKind.JWT_EXP) {
			Instant exp = jwtExpiry(token);
			if (exp == null) {
				throw new IllegalArgumentException("expiry kind jwt-exp needs a JWT with an 'exp' claim");
			}
			return exp;
		}
		JsonNode value = content.value(spec.source());
		if (value == null || (value.isString() && value.asString().isBlank())) {
			return fallback(spec, token, receivedAt);
		}
		try {
			return switch (spec.kind()) {
				case SECONDS -> receivedAt.plusSeconds(number(value));
				case EPOCH_SECONDS -> Instant.ofEpochSecond(number(value));
				case EPOCH_MILLIS -> Instant.ofEpochMilli(number(value));
				case ISO_INSTANT -> OffsetDateTime.parse(value.asString()).toInstant();
				default -> throw new IllegalStateException("Unexpected kind " + spec.kind());
			};
		}
		catch (NumberFormatException | DateTimeException | ArithmeticException | JacksonException ex) {
			throw new IllegalArgumentException(
					"expiry at " + spec.source() + " is not a valid " + kindName(spec.kind()) + " value");
		}
	}

	private @Nullable Instant fallback(ExpirySpec spec, String token, Instant receivedAt) {
		if (spec.lifetime() != null) {
			return receivedAt.plus(spec.lifetime());
		}
		return jwtExpiry(token);
	}

	private static long number(JsonNode value) {
		if (value.isIntegralNumber()) {
			return value.asLong();
		}
		if (value.isNumber()) {
			return (long) value.asDouble();
		}
		if (value.isString()) {
			String text = value.asString().trim();
			return text.contains(".") ? (long) Double.parseDouble(text) : Long.parseLong(text);
		}
		throw new NumberFormatException();
	}

	@Nullable Instant jwtExpiry(String token) {
		int first = token.indexOf('.');
		int second = token.indexOf('.', first + 1);
		if (first <= 0 || second <= first) {
			return null;
		}
		try {
			byte[] payload = Base64.getUrlDecoder().decode(token.substring(first + 1, second));
			JsonNode exp = this.jsonMapper.readTree(new String(payload, StandardCharsets.UTF_8)).get("exp");
			return (exp != null && exp.isNumber()) ? Instant.ofEpochSecond(exp.asLong()) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	static String kindName(ExpiryKind kind) {
		return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
