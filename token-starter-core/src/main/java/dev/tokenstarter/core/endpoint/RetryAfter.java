package dev.tokenstarter.core.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

import dev.tokenstarter.core.response.TokenEndpointException;

/**
 * The {@code Retry-After} header of a 429 Too Many Requests or 503 Service Unavailable answer, in
 * seconds or as an HTTP date, carried on the endpoint's {@link TokenEndpointException} so that the
 * lifecycle waits that long before its next attempt (within its maximum back-off). Shared by both
 * endpoint clients.
 *
 * @author token-starter
 */
final class RetryAfter {

	private static final long MAX_SECONDS = Duration.ofDays(1).toSeconds();

	private RetryAfter() {
	}

	/**
	 * Return the failure with the wait its answer asked for, if it asked for one.
	 * @param failure the failure of a response
	 * @param headers the response's headers
	 * @param now when the response was received
	 */
	static TokenEndpointException apply(TokenEndpointException failure, HttpHeaders headers, Instant now) {
		int status = failure.getStatusCode();
		if (status != 429 && status != 503) {
			return failure;
		}
		Duration wait = parse(headers, now);
		return (wait != null) ? failure.withRetryAfter(wait) : failure;
	}

	static @Nullable Duration parse(HttpHeaders headers, Instant now) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		if (trimmed.chars().allMatch(Character::isDigit)) {
			return Duration.ofSeconds((trimmed.length() > 6) ? MAX_SECONDS : Math.min(Long.parseLong(trimmed),
					MAX_SECONDS));
		}
		try {
			ZonedDateTime date = headers.getFirstZonedDateTime(HttpHeaders.RETRY_AFTER);
			if (date == null) {
				return null;
			}
			long seconds = Duration.between(now, date.toInstant()).toSeconds();
			return Duration.ofSeconds(Math.max(0, Math.min(seconds, MAX_SECONDS)));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
