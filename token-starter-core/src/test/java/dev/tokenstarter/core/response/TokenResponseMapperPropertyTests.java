package dev.tokenstarter.core.response;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import dev.tokenstarter.core.definition.ExpiryKind;
import dev.tokenstarter.core.definition.ExpirySpec;
import dev.tokenstarter.core.definition.ResponseFormat;
import dev.tokenstarter.core.definition.ResponseSource;
import dev.tokenstarter.core.definition.ResponseValueRule;
import dev.tokenstarter.core.definition.TokenResponseSpec;
import dev.tokenstarter.core.test.RandomInputs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based tests for {@link TokenResponseMapper}: random bytes, random, deep, huge and truncated
 * JSON, random token responses, content types and statuses, read with every kind of response
 * description. Whatever comes, the mapper returns header-safe tokens that expire after they were received,
 * or throws a {@link TokenEndpointException} whose message names the client, stays on one line and holds
 * no token; it takes bounded time and memory. Each seed is one case, and the seeds are fixed.
 *
 * @author token-starter
 */
class TokenResponseMapperPropertyTests {

	private static final Instant RECEIVED_AT = Instant.parse("2025-06-20T02:00:00Z");

	private static final List<TokenResponseSpec> SPECS = List.of(TokenResponseSpec.oauth2(),
			TokenResponseSpec.oauth2().withFormat(ResponseFormat.FORM),
			TokenResponseSpec.oauth2().withFormat(ResponseFormat.JSON),
			spec(ResponseSource.body("/data/accessToken"), ExpiryKind.SECONDS, "/data/expiresIn",
					new ResponseValueRule(ResponseSource.body("/code"), Set.of("0000"))),
			spec(ResponseSource.body("/access_token"), ExpiryKind.EPOCH_SECONDS, "/expires_in", null),
			spec(ResponseSource.body("/access_token"), ExpiryKind.EPOCH_MILLIS, "/expires_in", null),
			spec(ResponseSource.body("/access_token"), ExpiryKind.ISO_INSTANT, "/expires_in", null),
			spec(ResponseSource.header("X-Subject-Token"), ExpiryKind.ISO_INSTANT, "/token/expires_at", null),
			spec(ResponseSource.body("/token"), ExpiryKind.JWT_EXP, null,
					new ResponseValueRule(ResponseSource.body("/token"), Set.of())),
			new TokenResponseSpec(ResponseSource.body("/access"), ResponseSource.body("/refresh_token"), null,
					new ExpirySpec(null, ExpiryKind.LIFETIME, Duration.ofMinutes(45)),
					ExpirySpec.seconds("/expires_in"), null, TokenResponseSpec.DEFAULT_ERROR_CODE,
					TokenResponseSpec.DEFAULT_ERROR_MESSAGE));

	private final TokenResponseMapper mapper = new TokenResponseMapper();

	static LongStream seeds() {
		return RandomInputs.seeds(250);
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void mapWhenAnyResponseThenTokensOrTokenEndpointExceptionWithoutToken(long seed) {
		RandomInputs random = RandomInputs.seeded(seed);
		TokenResponseSpec spec = random.oneOf(SPECS);
		int status = random.status();
		HttpHeaders headers = new HttpHeaders();
		String contentType = random.contentType();
		if (contentType != null) {
			headers.set(HttpHeaders.CONTENT_TYPE, contentType);
		}
		if (random.chance(0.3)) {
			headers.set("X-Subject-Token", random.token());
		}
		byte[] body = random.responseBody(256 * 1024);

		long allocatedBefore = allocatedBytes();
		long started = System.nanoTime();
		Throwable failure = null;
		TokenResponse response = null;
		try {
			response = this.mapper.map("fuzz", spec, status, headers, body, RECEIVED_AT);
		}
		catch (Throwable ex) {
			failure = ex;
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		long allocated = allocatedBytes() - allocatedBefore;

		assertThat(took).as("time to map %d bytes", body.length).isLessThan(Duration.ofSeconds(5));
		if (allocatedBefore >= 0) {
			assertThat(allocated).as("bytes allocated to map %d bytes", body.length)
				.isLessThan(64L * 1024 * 1024 + 64L * body.length);
		}
		if (failure != null) {
			assertDocumentedFailure(failure, status);
		}
		else {
			assertUsable(response, status);
		}
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void mapDeliveryWhenAnyBodyThenTokensOrTokenEndpointExceptionWithoutToken(long seed) {
		RandomInputs random = RandomInputs.seeded(seed);
		TokenResponseSpec spec = random.oneOf(SPECS);
		MediaType contentType = mediaType(random.contentType());
		byte[] body = random.responseBody(16 * 1024);

		try {
			assertUsable(this.mapper.mapDelivery("fuzz", spec, contentType, body, RECEIVED_AT), 200);
		}
		catch (Throwable ex) {
			assertDocumentedFailure(ex, 0);
		}
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void checkAcknowledgementWhenAnyResponseThenAcceptsOrTokenEndpointException(long seed) {
		RandomInputs random = RandomInputs.seeded(seed);
		TokenResponseSpec spec = random.oneOf(SPECS);
		int status = random.status();
		MediaType contentType = mediaType(random.contentType());
		byte[] body = random.responseBody(16 * 1024);

		try {
			this.mapper.checkAcknowledgement("fuzz", spec, status, contentType, body);
			assertThat(status).as("accepted status").isBetween(200, 299);
		}
		catch (Throwable ex) {
			assertDocumentedFailure(ex, status);
		}
	}

	private static void assertUsable(@Nullable TokenResponse response, int status) {
		assertThat(status).as("status of a successful response").isBetween(200, 299);
		assertThat(response).isNotNull();
		OAuth2AccessToken token = response.accessToken();
		assertThat(token.getTokenValue()).isNotBlank();
		assertThat(TokenResponseMapper.indexOfHeaderUnsafeCharacter(token.getTokenValue())).isEqualTo(-1);
		assertThat(token.getIssuedAt()).isEqualTo(RECEIVED_AT);
		if (token.getExpiresAt() != null) {
			assertThat(token.getExpiresAt()).isAfter(RECEIVED_AT);
		}
		if (response.refreshToken() != null) {
			assertThat(TokenResponseMapper.indexOfHeaderUnsafeCharacter(response.refreshToken().getTokenValue()))
				.isEqualTo(-1);
		}
	}

	static void assertDocumentedFailure(Throwable failure, int status) {
		assertThat(failure).as("only TokenEndpointException").isInstanceOf(TokenEndpointException.class);
		TokenEndpointException ex = (TokenEndpointException) failure;
		assertThat(ex.getStatusCode()).isEqualTo(status);
		assertThat(ex.getClientRegistrationId()).isEqualTo("fuzz");
		assertThat(ex.getError().getErrorCode()).isNotBlank();
		assertThat(ex.getMessage()).startsWith("Token endpoint of client 'fuzz' ")
			.doesNotContain(RandomInputs.SECRET_MARK)
			.doesNotContain("\r")
			.doesNotContain("\n")
			.hasSizeLessThan(1_000);
		assertThat(ex.getError().getErrorCode()).doesNotContain(RandomInputs.SECRET_MARK)
			.doesNotContain("\r")
			.doesNotContain("\n");
		assertThat(String.valueOf(ex)).doesNotContain(RandomInputs.SECRET_MARK);
		assertThat(ex.getCause()).isNull();
	}

	private static @Nullable MediaType mediaType(@Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			return MediaType.parseMediaType(value);
		}
		catch (IllegalArgumentException ex) {
			return MediaType.APPLICATION_OCTET_STREAM;
		}
	}

	private static long allocatedBytes() {
		if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
				&& threads.isThreadAllocatedMemoryEnabled()) {
			return threads.getCurrentThreadAllocatedBytes();
		}
		return -1;
	}

	private static TokenResponseSpec spec(ResponseSource accessToken, ExpiryKind kind, @Nullable String expiry,
			@Nullable ResponseValueRule success) {
		return new TokenResponseSpec(accessToken, ResponseSource.body("/refresh_token"),
				ResponseSource.body("/token_type"),
				new ExpirySpec((expiry != null) ? ResponseSource.body(expiry) : null, kind, null), ExpirySpec.none(),
				success, TokenResponseSpec.DEFAULT_ERROR_CODE, TokenResponseSpec.DEFAULT_ERROR_MESSAGE);
	}

}
