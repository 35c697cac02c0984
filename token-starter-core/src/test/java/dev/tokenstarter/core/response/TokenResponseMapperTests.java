package dev.tokenstarter.core.response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

import dev.tokenstarter.core.definition.ExpiryKind;
import dev.tokenstarter.core.definition.ExpirySpec;
import dev.tokenstarter.core.definition.ResponseFormat;
import dev.tokenstarter.core.definition.ResponseSource;
import dev.tokenstarter.core.definition.ResponseValueRule;
import dev.tokenstarter.core.definition.TokenResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link TokenResponseMapper}. Fixtures for the seed APIs are next to this class under
 * {@code src/test/resources}.
 *
 * @author token-starter
 */
class TokenResponseMapperTests {

	private static final MediaType JSON = MediaType.APPLICATION_JSON;

	private static final MediaType HTML = MediaType.TEXT_HTML;

	private static final MediaType FORM = MediaType.APPLICATION_FORM_URLENCODED;

	private static final String SEED_003_TOKEN_START = "eyJhbGciOiJSUzI1NiJ9.eyJzY29wZSI6ImVkaXQi";

	/**
	 * Every token and secret that appears in a fixture or a request of these tests; no error message may
	 * carry one of them.
	 */
	private static final List<String> SECRETS = List.of("at-000-d1f4c2e8", "rt-000-9a8b7c6d", "at-001-5e6f7a8b",
			"rt-001-1c2d3e4f", "at-html-should-not-leak", "at-opaque-7c1e", "rt-opaque-2b9d", "uWiSQfLLzfDYuSmPwmLa1f",
			"eyJ", "Cl1ent-S3cret", "P4ssw0rd!");

	private final Clock clock = Clock.fixed(Instant.parse("2025-06-20T02:00:00Z"), ZoneOffset.UTC);

	private final Instant receivedAt = this.clock.instant();

	private final TokenResponseMapper mapper = new TokenResponseMapper();

	// Expiry kinds

	@Test
	void mapWhenExpirySecondsAsNumberThenReceivedAtPlusSeconds() {
		TokenResponse response = map("client", oauth2(), 200, JSON,
				"{\"access_token\":\"at-opaque-7c1e\",\"token_type\":\"Bearer\",\"expires_in\":3600}");

		OAuth2AccessToken token = response.accessToken();
		assertThat(token.getTokenValue()).isEqualTo("at-opaque-7c1e");
		assertThat(token.getIssuedAt()).isEqualTo(this.receivedAt);
		assertThat(token.getExpiresAt()).isEqualTo(Instant.parse("2025-06-20T03:00:00Z"));
	}

	@Test
	void mapWhenExpirySecondsAsStringThenReceivedAtPlusSeconds() {
		TokenResponse response = map("client", oauth2(), 200, JSON,
				"{\"access_token\":\"at-opaque-7c1e\",\"expires_in\":\" 3600 \"}");

		assertThat(response.accessToken().getExpiresAt()).isEqualTo(Instant.parse("2025-06-20T03:00:00Z"));
	}

	@Test
	void mapWhenExpirySecondsFractionalThenWholeSeconds() {
		TokenResponse response = map("client", oauth2(), 200, JSON,
				"{\"access_token\":\"at-opaque-7c1e\",\"expires_in\":59.9}");

		assertThat(response.accessToken().getExpiresAt()).isEqualTo(Instant.parse("2025-06-20T02:00:59Z"));
	}

	@Test
	void mapWhenExpiryEpochSecondsThenThatInstant() {
		TokenResponse response = map("seed-001", seed001(), 200, JSON, fixture("seed-001-success.json"));

		assertThat(response.accessToken().getTokenValue()).isEqualTo("at-001-5e6f7a8b");
		assertThat(response.accessToken().getExpiresAt()).isEqualTo(Instant.parse("2025-06-21T02:00:00Z"));
	}

	@Test
	void mapWhenExpiryEpochMillisThenThatInstant() {
		TokenResponseSpec spec = withExpiry(oauth2(), new ExpirySpec(pointer("/expires_at"), ExpiryKind.EPOCH_MILLIS,
				null));

		TokenResponse response = map("client", spec, 200, JSON,
				"{\"access_token\":\"at-opaque-7c1e\",\"expires_at\":1750386600500}");

		assertThat(response.accessToken().getExpiresAt()).isEqualTo(Instant.parse("2025-06-20T02:30:00.500Z"));
	}

	@Test
	void mapWhenExpiryIsoInstantWithZThenThatInstant() {
		TokenResponseSpec spec = withExpiry(oauth2(), new ExpirySpec(pointer("/expires"), ExpiryKind.ISO_INSTANT,
				null));

		TokenResponse response = map("client", spec, 200, JSON,
				"{\"access_token\":\"at-opaque-7c1e\",\"expires\":\"2025-06-20T06:30:00Z\"}");

		assertThat(response.accessToken().getExpiresAt()).isEqualTo(Instant.parse("2025-06-20T06:30:00Z"));
	}

	@Test
	void mapWhenExpiryIsoInstantWithOffsetThenConvertedToUtc() {
		TokenResponseSpec spec = withExpiry(oauth2(), new ExpirySpec(pointer("/expires"), ExpiryKind.ISO_INSTANT,
				null));

		TokenResponse response = map("client", spec, 200, JSON,
				"{\"access_token\":\"at-opaque-7c1e\",\"expires\":\"2025-06-20T06:30:00+02:00\"}");

		assertThat(response.accessToken().getExpiresAt()).isEqualTo(Instant.parse("2025-06-20T04:30:00Z"));
	}

	@Test
	void mapWhenExpiryJwtExpThenExpClaimOfToken() {
		String jwt = jwt("{\"sub\":\"svc\",\"exp\":1750388400,\"iat\":1750384800}");
		TokenResponseSpec spec = withExpiry(oauth2(), new ExpirySpec(null, ExpiryKind.JWT_EXP, null));

		TokenResponse response = map("client", spec, 200, JSON,
				"{\"access_token\":\"" + jwt + "\",\"expires_in\":60}");

		assertThat(response.accessToken().getTokenValue()).isEqualTo(jwt);
		assertThat(response.accessToken().getExpiresAt()).isEqualTo(Instant.parse("2025-06-20T03:00:00Z"));
	}

	@Test
	void mapWhenExpiryJwtExpOfSeed003TokenThenExpClaim() {
		TokenResponseSpec spec = withExpiry(oauth2(), new ExpirySpec(null, ExpiryKind.JWT_EXP, null));

		TokenResponse response = map("client", spec, 200, JSON, fixture("seed-003-success.json"));

		assertThat(response.accessToken().getExpiresAt()).isEqualTo(Instant.parse("2025-06-20T04:00:00Z"));
	}

	@Test
	void mapWhenExpiryLifetimeThenReceivedAtPlusLifetimeWhateverTheBodySays() {
		TokenResponseSpec spec = seed004(new ExpirySpec(null, ExpiryKind.LIFETIME, Duration.ofMinutes(45)));

		TokenResponse response = map("seed-004", spec, 200, JSON, "{\"access\":\"" + jwt("{\"exp\":1750399200}")
				+ "\",\"refresh\":\"rt-opaque-2b9d\",\"expires_in\":5}");

		assertThat(response.accessToken().getExpiresAt()).isEqualTo(Instant.parse("2025-06-20T02:45:00Z"));
		assertThat(response.refreshToken().getTokenValue()).isEqualTo("rt-opaque-2b9d");
	}

	@Test
	void mapWhenExpiryAbsentAndLifetimeThenLifetime() {
		TokenResponseSpec spec = withExpiry(oauth2(),
				new ExpirySpec(pointer("/expires_in"), ExpiryKind.SECONDS, Duration.ofHours(2)));

		TokenResponse response = map("client", spec, 200, JSON, "{\"access_token\":\"" + jwt("{\"exp\":1750388400}")
				+ "\"}");

		assertThat(response.accessToken().getExpiresAt()).isEqualTo(Instant.parse("2025-06-20T04:00:00Z"));
	}

	@Test
	void mapWhenExpiryAbsentAndJwtThenJwtExp() {
		String jwt = jwt("{\"sub\":\"m2m-client\",\"exp\":1750388400}");

		TokenResponse response = map("client", oauth2(), 200, JSON, "{\"access_token\":\"" + jwt
				+ "\",\"token_type\":\"bearer\"}");

		assertThat(response.accessToken().getExpiresAt()).isEqualTo(Instant.parse("2025-06-20T03:00:00Z"));
	}

	@Test
	void mapWhenExpiryNullOrBlankThenFallback() {
		String jwt = jwt("{\"exp\":1750388400}");
		String nullExpiry = "{\"access_token\":\"" + jwt + "\",\"expires_in\":null}";
		String blankExpiry = "{\"access_token\":\"" + jwt + "\",\"expires_in\":\" \"}";

		assertThat(map("client", oauth2(), 200, JSON, nullExpiry).accessToken().getExpiresAt())
			.isEqualTo(Instant.parse("2025-06-20T03:00:00Z"));
		assertThat(map("client", oauth2(), 200, JSON, blankExpiry).accessToken().getExpiresAt())
			.isEqualTo(Instant.parse("2025-06-20T03:00:00Z"));
	}

	@Test
	void mapWhenExpiryAbsentAndOpaqueTokenThenNoExpiry() {
		TokenResponse response = map("client", oauth2(), 200, JSON, "{\"access_token\":\"at-opaque-7c1e\"}");

		assertThat(response.accessToken().getExpiresAt()).isNull();
		assertThat(response.accessToken().getIssuedAt()).isEqualTo(this.receivedAt);
	}

	@Test
	void mapWhenExpiryAbsentAndTokenLooksLikeJwtButIsNotThenNoExpiry() {
		TokenResponse response = map("client", oauth2(), 200, JSON, "{\"access_token\":\"a.b!c.d\"}");

		assertThat(response.accessToken().getExpiresAt()).isNull();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"/expires_at | EPOCH_MILLIS | 1750392000 | epoch-millis",
			"/expires_in | SECONDS | 0 | seconds",
			"/expires_in | SECONDS | -30 | seconds",
			"/expires_at | EPOCH_SECONDS | 1750384800 | epoch-seconds",
			"/expires_at | ISO_INSTANT | 2025-06-20T01:59:59Z | iso-instant" })
	void mapWhenExpiryNotAfterReceivedAtThenErrorNamesExpiryKind(String pointer, ExpiryKind kind, String value,
			String kindName) {
		TokenResponseSpec spec = withExpiry(oauth2(), new ExpirySpec(pointer(pointer), kind, null));
		String body = "{\"access_token\":\"at-opaque-7c1e\",\"" + pointer.substring(1) + "\":\"" + value + "\"}";

		TokenEndpointException ex = failure("client", spec, 200, JSON, body);

		assertFailure(ex, "client", 200, TokenEndpointException.INVALID_TOKEN_RESPONSE, false);
		assertThat(ex.getMessage()).contains("is not after").contains("expiry kind " + kindName);
	}

	@Test
	void mapWhenJwtExpInThePastThenErrorNamesJwtExp() {
		TokenResponseSpec spec = withExpiry(oauth2(), new ExpirySpec(null, ExpiryKind.JWT_EXP, null));

		TokenEndpointException ex = failure("client", spec, 200, JSON,
				"{\"access_token\":\"" + jwt("{\"exp\":1750381200}") + "\"}");

		assertFailure(ex, "client", 200, TokenEndpointException.INVALID_TOKEN_RESPONSE, false);
		assertThat(ex.getMessage()).contains("expiry kind jwt-exp");
	}

	@Test
	void mapWhenJwtExpAndOpaqueTokenThenErrorNamesJwtExp() {
		TokenResponseSpec spec = withExpiry(oauth2(), new ExpirySpec(null, ExpiryKind.JWT_EXP, null));

		TokenEndpointException ex = failure("client", spec, 200, JSON, "{\"access_token\":\"at-opaque-7c1e\"}");

		assertFailure(ex, "client", 200, TokenEndpointException.INVALID_TOKEN_RESPONSE, false);
		assertThat(ex.getMessage()).contains("jwt-exp");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"SECONDS | \"soon\" | seconds",
			"SECONDS | true | seconds",
			"SECONDS | 1e30 | seconds",
			"SECONDS | 123456789012345678901234567890 | seconds",
			"EPOCH_SECONDS | 100000000000000000 | epoch-seconds",
			"EPOCH_MILLIS | [1] | epoch-millis",
			"ISO_INSTANT | \"tomorrow\" | iso-instant",
			"ISO_INSTANT | {\"at\":\"2025-06-20T06:30:00Z\"} | iso-instant" })
	void mapWhenExpiryValueUnreadableThenTokenEndpointExceptionNamesPointerAndKind(ExpiryKind kind, String value,
			String kindName) {
		TokenResponseSpec spec = withExpiry(oauth2(), new ExpirySpec(pointer("/expiry"), kind, null));

		TokenEndpointException ex = failure("client", spec, 200, JSON,
				"{\"access_token\":\"at-opaque-7c1e\",\"expiry\":" + value + "}");

		assertFailure(ex, "client", 200, TokenEndpointException.INVALID_TOKEN_RESPONSE, false);
		assertThat(ex.getMessage()).contains("expiry at /expiry is not a valid " + kindName + " value")
			.doesNotContain(value.replace("\"", ""));
	}

	// Refresh tokens and token types

	@Test
	void mapWhenSeed000EnvelopeAndSuccessRuleMatchesThenTokensWithOwnExpiries() {
		TokenResponse response = map("seed-000", seed000(), 200, JSON, fixture("seed-000-success.json"));

		assertThat(response.accessToken().getTokenValue()).isEqualTo("at-000-d1f4c2e8");
		assertThat(response.accessToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
		assertThat(response.accessToken().getExpiresAt()).isEqualTo(Instant.parse("2025-06-20T04:00:00Z"));
		OAuth2RefreshToken refreshToken = response.refreshToken();
		assertThat(refreshToken.getTokenValue()).isEqualTo("rt-000-9a8b7c6d");
		assertThat(refreshToken.getIssuedAt()).isEqualTo(this.receivedAt);
		assertThat(refreshToken.getExpiresAt()).isEqualTo(Instant.parse("2025-08-19T02:00:00Z"));
		assertThat(response.toString()).doesNotContain("at-000-d1f4c2e8").doesNotContain("rt-000-9a8b7c6d");
	}

	@Test
	void mapWhenSeed001RefreshExpiryIsEpochSecondsStringThenThatInstant() {
		TokenResponse response = map("seed-001", seed001(), 200, JSON, fixture("seed-001-success.json"));

		assertThat(response.refreshToken().getTokenValue()).isEqualTo("rt-001-1c2d3e4f");
		assertThat(response.refreshToken().getExpiresAt()).isEqualTo(Instant.parse("2025-07-04T02:00:00Z"));
	}

	@Test
	void mapWhenRefreshTokenAbsentThenNoRefreshToken() {
		TokenResponse response = map("seed-000", seed000(), 200, JSON,
				"{\"code\":\"0000\",\"data\":{\"accessToken\":\"at-opaque-7c1e\",\"expiresIn\":60,"
						+ "\"refreshToken\":null}}");

		assertThat(response.refreshToken()).isNull();
	}

	@Test
	void mapWhenRefreshTokenPointerNotSetThenNoRefreshToken() {
		TokenResponseSpec spec = new TokenResponseSpec(pointer("/access_token"), null, null, ExpirySpec.none(),
				ExpirySpec.none(), null, TokenResponseSpec.DEFAULT_ERROR_CODE, TokenResponseSpec.DEFAULT_ERROR_MESSAGE);

		TokenResponse response = map("client", spec, 200, JSON,
				"{\"access_token\":\"at-opaque-7c1e\",\"refresh_token\":\"rt-opaque-2b9d\"}");

		assertThat(response.refreshToken()).isNull();
	}

	@Test
	void mapWhenRefreshExpiryAbsentThenRefreshJwtExpOrNone() {
		String refreshJwt = jwt("{\"exp\":1751594400}");

		TokenResponse jwtRefresh = map("client", oauth2(), 200, JSON,
				"{\"access_token\":\"at-opaque-7c1e\",\"refresh_token\":\"" + refreshJwt + "\"}");
		TokenResponse opaqueRefresh = map("client", oauth2(), 200, JSON,
				"{\"access_token\":\"at-opaque-7c1e\",\"refresh_token\":\"rt-opaque-2b9d\"}");

		assertThat(jwtRefresh.refreshToken().getExpiresAt()).isEqualTo(Instant.parse("2025-07-04T02:00:00Z"));
		assertThat(opaqueRefresh.refreshToken().getExpiresAt()).isNull();
	}

	@Test
	void mapWhenRefreshExpiryZeroThenRefreshTokenWithoutExpiry() {
		TokenResponse response = map("seed-000", seed000(), 200, JSON,
				"{\"code\":\"0000\",\"data\":{\"accessToken\":\"at-opaque-7c1e\","
				+ "\"expiresIn\":60,\"refreshToken\":\"rt-opaque-2b9d\",\"refreshExpiresIn\":0}}");

		assertThat(response.refreshToken().getTokenValue()).isEqualTo("rt-opaque-2b9d");
		assertThat(response.refreshToken().getExpiresAt()).isNull();
	}

	@Test
	void mapWhenTokenTypeAbsentThenBearer() {
		TokenResponse response = map("client", oauth2(), 200, JSON,
				"{\"access_token\":\"at-opaque-7c1e\",\"expires_in\":60}");

		assertThat(response.accessToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
	}

	@Test
	void mapWhenTokenTypeLowerCaseBearerThenBearer() {
		TokenResponse response = map("client", oauth2(), 200, JSON,
				"{\"access_token\":\"at-opaque-7c1e\",\"token_type\":\"bearer\"}");

		assertThat(response.accessToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
	}

	@Test
	void mapWhenTokenTypeCustomThenThatType() {
		TokenResponse response = map("seed-000", seed000(), 200, JSON,
				"{\"code\":\"0000\",\"data\":{\"accessToken\":\"at-opaque-7c1e\",\"type\":\"Token\","
						+ "\"expiresIn\":60}}");

		assertThat(response.accessToken().getTokenType().getValue()).isEqualTo("Token");
	}

	@Test
	void mapWhenTokenTypePointerNotSetThenBearerWhateverTheBodySays() {
		TokenResponse response = map("seed-001", seed001(), 200, JSON,
				"{\"data\":{\"accessToken\":\"at-opaque-7c1e\",\"type\":\"MAC\",\"accessTokenEndTime\":1750471200}}");

		assertThat(response.accessToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
	}

	@Test
	void mapWhenNoContentTypeButJsonBodyThenTokens() {
		TokenResponse response = map("client", oauth2(), 200, null,
				"{\"access_token\":\"at-opaque-7c1e\",\"expires_in\":60}");

		assertThat(response.accessToken().getTokenValue()).isEqualTo("at-opaque-7c1e");
	}

	@Test
	void mapWhenJsonContentTypeWithCharsetOrSuffixThenTokens() {
		String body = "{\"access_token\":\"at-opaque-7c1e\",\"expires_in\":60}";

		assertThat(map("client", oauth2(), 200, MediaType.parseMediaType("application/json;charset=UTF-8"),
				body)).isNotNull();
		assertThat(map("client", oauth2(), 200, MediaType.parseMediaType("application/vnd.api+json"),
				body)).isNotNull();
	}

	@Test
	void mapWhenSeed003SuccessThenEpochSecondsExpiresIn() {
		TokenResponse response = map("seed-003", seed003(), 200, JSON, fixture("seed-003-success.json"));

		assertThat(response.accessToken().getTokenValue()).startsWith(SEED_003_TOKEN_START);
		assertThat(response.accessToken().getExpiresAt()).isEqualTo(Instant.parse("2025-06-20T04:00:00Z"));
		assertThat(response.refreshToken()).isNull();
	}

	// Errors

	@Test
	void mapWhenSeed000FailureEnvelopeOnHttp200ThenEnvelopeCodeAndMessage() {
		TokenEndpointException ex = failure("seed-000", seed000(), 200, JSON, fixture("seed-000-failure.json"));

		assertFailure(ex, "seed-000", 200, "4010", false);
		assertThat(ex.getMessage()).contains("'4010'").contains("Callback code is invalid or expired");
	}

	@Test
	void mapWhenSeed001FailureOnHttp200ThenErrorCodeAndMessageFromErrorObject() {
		TokenEndpointException ex = failure("seed-001", seed001(), 200, JSON, fixture("seed-001-failure.json"));

		assertFailure(ex, "seed-001", 200, "ApiAuthError", false);
		assertThat(ex.getMessage()).contains("'ApiAuthError'").contains("Invalid email, password or appId");
	}

	@Test
	void mapWhenSeed003ErrorArrayOn401ThenFirstProblemCodeAndDetail() {
		TokenEndpointException ex = failure("seed-003", seed003(), 401,
				MediaType.parseMediaType("application/problem+json"),
				fixture("seed-003-error.json"));

		assertFailure(ex, "seed-003", 401, "240101", false);
		assertThat(ex.getMessage()).contains("'240101'").contains("Please refer to invalid-params for error details");
	}

	@Test
	void mapWhenSeed003ErrorArrayAndMessagePointerToInvalidParamsThenThatMessage() {
		TokenResponseSpec defaults = seed003();
		TokenResponseSpec spec = new TokenResponseSpec(defaults.accessToken(), defaults.refreshToken(),
				defaults.tokenType(), defaults.expiry(), defaults.refreshExpiry(), null,
				List.of(pointer("/0/errorCode")), List.of(pointer("/0/invalid-params/0"), pointer("/0/detail")));

		TokenEndpointException ex = failure("seed-003", spec, 401, JSON, fixture("seed-003-error.json"));

		assertFailure(ex, "seed-003", 401, "240101", false);
		assertThat(ex.getMessage()).contains("Invalid client credentials or scope");
	}

	@Test
	void mapWhenOAuth2ErrorOn400ThenErrorAndDescription() {
		TokenEndpointException ex = failure("client", oauth2(), 400, JSON, fixture("oauth2-error.json"));

		assertFailure(ex, "client", 400, "invalid_client", false);
		assertThat(ex.getMessage()).contains("'invalid_client'").contains("Client authentication failed");
	}

	@Test
	void mapWhenErrorCodeWithoutMessageThenSaysSo() {
		TokenEndpointException ex = failure("client", oauth2(), 400, JSON, "{\"error\":\"invalid_grant\"}");

		assertFailure(ex, "client", 400, "invalid_grant", false);
		assertThat(ex.getMessage()).contains("'invalid_grant'").contains("no error message");
	}

	@Test
	void mapWhenErrorMessageWithoutCodeThenInvalidTokenResponseCode() {
		TokenEndpointException ex = failure("client", oauth2(), 403, JSON,
				"{\"message\":\"Forbidden for this account\"}");

		assertFailure(ex, "client", 403, TokenEndpointException.INVALID_TOKEN_RESPONSE, false);
		assertThat(ex.getMessage()).contains("Forbidden for this account");
	}

	@Test
	void mapWhenErrorMessageLongThenTruncated() {
		String longMessage = "x".repeat(1000);

		TokenEndpointException ex = failure("client", oauth2(), 400, JSON,
				"{\"error\":\"invalid_request\",\"error_description\":\"" + longMessage + "\"}");

		assertThat(ex.getMessage()).contains("x".repeat(200) + "...").doesNotContain("x".repeat(201));
	}

	@Test
	void mapWhen503WithHtmlThenTransientAndSaysTextHtml() {
		TokenEndpointException ex = failure("client", oauth2(), 503,
				MediaType.parseMediaType("text/html;charset=UTF-8"),
				fixture("service-unavailable.html"));

		assertFailure(ex, "client", 503, TokenEndpointException.INVALID_TOKEN_RESPONSE, true);
		assertThat(ex.getMessage()).contains("text/html").doesNotContain("Service Unavailable");
	}

	@Test
	void mapWhen502WithoutBodyThenTransientAndSaysEmptyBody() {
		TokenEndpointException ex = failure("client", oauth2(), 502, null, "");

		assertFailure(ex, "client", 502, TokenEndpointException.INVALID_TOKEN_RESPONSE, true);
		assertThat(ex.getMessage()).contains("an empty body");
	}

	@Test
	void mapWhen408ThenTransient() {
		TokenEndpointException ex = failure("client", oauth2(), 408, JSON, "{\"error\":\"timeout\"}");

		assertFailure(ex, "client", 408, "timeout", true);
	}

	@Test
	void mapWhen429ThenTransient() {
		TokenEndpointException ex = failure("client", oauth2(), 429, JSON, "{\"error\":\"slow_down\"}");

		assertFailure(ex, "client", 429, "slow_down", true);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\\r\\nX-Injected: 1", "\\n", "\\u0000", "\\u007f", "\\u0100" })
	void mapWhenAccessTokenHoldsCharacterThatCannotGoInAHeaderThenRefusedWithoutTheToken(String suffix) {
		TokenEndpointException ex = failure("client", oauth2(), 200, JSON,
				"{\"access_token\":\"at-opaque-7c1e" + suffix + "\",\"expires_in\":3600}");

		assertFailure(ex, "client", 200, TokenEndpointException.INVALID_TOKEN_RESPONSE, false);
		assertThat(ex.getMessage()).contains("with an access token holding the character U+")
			.contains("at index 14, which cannot go in an HTTP header")
			.doesNotContain("X-Injected");
	}

	@Test
	void mapWhenRefreshTokenHoldsCrLfThenRefusedWithoutTheToken() {
		TokenEndpointException ex = failure("client", oauth2(), 200, JSON,
				"{\"access_token\":\"at-opaque-7c1e\",\"refresh_token\":\"rt-opaque-2b9d\\r\\nX: 1\"}");

		assertFailure(ex, "client", 200, TokenEndpointException.INVALID_TOKEN_RESPONSE, false);
		assertThat(ex.getMessage()).endsWith("with a refresh token holding the character U+000D at index 14, "
				+ "which cannot go in an HTTP header, so it is refused");
	}

	@Test
	void mapWhenTokenHoldsTabOrLatin1ThenAccepted() {
		TokenResponse response = map("client", oauth2(), 200, JSON,
				"{\"access_token\":\"at\\tcaf\u00e9\",\"expires_in\":3600}");

		assertThat(response.accessToken().getTokenValue()).isEqualTo("at\tcaf\u00e9");
	}

	@Test
	void mapWhen401WithMalformedJsonThenNotTransientAndSaysNotAJsonError() {
		TokenEndpointException ex = failure("client", oauth2(), 401, JSON, "{\"error\":");

		assertFailure(ex, "client", 401, TokenEndpointException.INVALID_TOKEN_RESPONSE, false);
		assertThat(ex.getMessage()).contains("not a JSON error");
	}

	@Test
	void mapWhen200WithHtmlThenNotTransientAndSaysNotJson() {
		TokenEndpointException ex = failure("client", oauth2(), 200, HTML, fixture("service-unavailable.html"));

		assertFailure(ex, "client", 200, TokenEndpointException.INVALID_TOKEN_RESPONSE, false);
		assertThat(ex.getMessage()).contains("text/html body, not JSON");
	}

	@Test
	void mapWhen200WithMalformedJsonThenSaysMalformed() {
		TokenEndpointException ex = failure("client", oauth2(), 200, JSON, "{access_token: at-opaque-7c1e}");

		assertFailure(ex, "client", 200, TokenEndpointException.INVALID_TOKEN_RESPONSE, false);
		assertThat(ex.getMessage()).contains("malformed or truncated JSON");
	}

	@Test
	void mapWhen200WithTruncatedJsonThenSaysTruncated() {
		TokenEndpointException ex = failure("client", oauth2(), 200, JSON,
				"{\"access_token\":\"at-opaque-7c1e\",\"refresh_token\":\"rt-opaque-2b9d\",\"expires_in\":36");

		assertFailure(ex, "client", 200, TokenEndpointException.INVALID_TOKEN_RESPONSE, false);
		assertThat(ex.getMessage()).contains("malformed or truncated JSON");
	}

	@Test
	void mapWhen200WithEmptyBodyThenSaysEmptyBody() {
		TokenEndpointException ex = failure("client", oauth2(), 200, JSON, "");

		assertFailure(ex, "client", 200, TokenEndpointException.INVALID_TOKEN_RESPONSE, false);
		assertThat(ex.getMessage()).contains("an empty body");
	}

	@Test
	void mapWhenAccessTokenMissingThenMessageNamesPointer() {
		TokenEndpointException ex = failure("seed-001", seed001(), 200, JSON,
				"{\"success\":true,\"data\":{\"refreshToken\":\"rt-opaque-2b9d\",\"accessTokenEndTime\":1750471200}}");

		assertFailure(ex, "seed-001", 200, TokenEndpointException.INVALID_TOKEN_RESPONSE, false);
		assertThat(ex.getMessage()).contains("no access token at /data/accessToken");
	}

	@Test
	void mapWhenAccessTokenIsObjectThenMessageNamesPointer() {
		TokenEndpointException ex = failure("client", oauth2(), 200, JSON,
				"{\"access_token\":{\"value\":\"at-opaque-7c1e\"}}");

		assertFailure(ex, "client", 200, TokenEndpointException.INVALID_TOKEN_RESPONSE, false);
		assertThat(ex.getMessage()).contains("no access token at /access_token");
	}

	// Tokens delivered by callback

	@Test
	void mapDeliveryWhenSeed000EnvelopeThenTokensAndStatusZeroOnFailure() {
		TokenResponse response = this.mapper.mapDelivery("memories", seed000(), JSON,
				bytes("{\"code\":\"0000\",\"msg\":\"success\",\"data\":{\"accessToken\":\"at-000-d1f4c2e8\","
						+ "\"expiresIn\":7200}}"),
				this.receivedAt);
		TokenEndpointException ex = catchThrowableOfType(TokenEndpointException.class,
				() -> this.mapper.mapDelivery("memories", seed000(), JSON, bytes(""), this.receivedAt));

		assertThat(response.accessToken().getExpiresAt()).isEqualTo(this.receivedAt.plusSeconds(7200));
		assertThat(ex).hasMessage("Token endpoint of client 'memories' posted to the callback an empty body");
		assertThat(ex.getStatusCode()).isZero();
		assertThat(ex.isTransient()).isFalse();
	}

	@Test
	void checkAcknowledgementWhenSuccessStatusAndNoSuccessRuleThenAcceptsAnyBody() {
		this.mapper.checkAcknowledgement("client", oauth2(), 202, (MediaType) null, bytes(""));
		this.mapper.checkAcknowledgement("client", oauth2(), 200, HTML, bytes("<p>queued</p>"));
	}

	@Test
	void checkAcknowledgementWhenSuccessRuleMatchesThenAcceptsWithoutAccessToken() {
		this.mapper.checkAcknowledgement("memories", seed000(), 200, JSON,
				bytes("{\"code\":\"0000\",\"msg\":\"success\",\"data\":null}"));
	}

	@Test
	void checkAcknowledgementWhenEnvelopeReportsErrorThenFailureWithApiError() {
		TokenEndpointException ex = catchThrowableOfType(TokenEndpointException.class,
				() -> this.mapper.checkAcknowledgement("memories", seed000(), 200, JSON,
						bytes("{\"code\":\"1001\",\"msg\":\"invalid clientId or code\",\"data\":null}")));

		assertFailure(ex, "memories", 200, "1001", false);
		assertThat(ex.getMessage()).endsWith("error code '1001': invalid clientId or code");
	}

	@Test
	void checkAcknowledgementWhenHttp503ThenTransientFailure() {
		TokenEndpointException ex = catchThrowableOfType(TokenEndpointException.class,
				() -> this.mapper.checkAcknowledgement("client", oauth2(), 503, HTML, bytes("<html>busy</html>")));

		assertFailure(ex, "client", 503, TokenEndpointException.INVALID_TOKEN_RESPONSE, true);
	}

	// Body formats and header sources

	@Test
	void mapWhenFormEncodedSuccessThenTokensFromFields() {
		TokenResponse response = map("github", oauth2(), 200, FORM,
				"access_token=at-opaque-7c1e&token_type=bearer&expires_in=28800&scope=repo%2Cgist");

		assertThat(response.accessToken().getTokenValue()).isEqualTo("at-opaque-7c1e");
		assertThat(response.accessToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
		assertThat(response.accessToken().getExpiresAt()).isEqualTo(this.receivedAt.plusSeconds(28800));
		assertThat(response.refreshToken()).isNull();
	}

	@Test
	void mapWhenFormEncodedValuesArePercentEncodedThenDecoded() {
		TokenResponse response = map("github", oauth2(), 200, FORM,
				"expires_in=60&access_token=at%2Bopaque%3D%3D&refresh_token=rt-opaque-2b9d&access_token=second");

		assertThat(response.accessToken().getTokenValue()).isEqualTo("at+opaque==");
		assertThat(response.refreshToken().getTokenValue()).isEqualTo("rt-opaque-2b9d");
	}

	@Test
	void mapWhenFormEncodedErrorOnHttp200ThenErrorCodeAndDescription() {
		TokenEndpointException ex = failure("github", oauth2(), 200, FORM,
				"error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired."
						+ "&error_uri=https%3A%2F%2Fdocs.github.com");

		assertFailure(ex, "github", 200, "bad_verification_code", false);
		assertThat(ex.getMessage()).endsWith("error code 'bad_verification_code': The code passed is incorrect or expired.");
	}

	@Test
	void mapWhenFormEncodedWithMalformedEscapeThenSaysMalformed() {
		TokenEndpointException ex = failure("github", oauth2(), 200, FORM, "access_token=at-opaque-7c1e%G1");

		assertFailure(ex, "github", 200, TokenEndpointException.INVALID_TOKEN_RESPONSE, false);
		assertThat(ex.getMessage()).endsWith("with malformed form-encoded");
	}

	@Test
	void mapWhenFormatFormOverridesContentTypeThenReadAsForm() {
		TokenResponseSpec spec = oauth2().withFormat(ResponseFormat.FORM);

		TokenResponse response = map("github", spec, 200, MediaType.TEXT_PLAIN,
				"access_token=at-opaque-7c1e&expires_in=60");

		assertThat(response.accessToken().getTokenValue()).isEqualTo("at-opaque-7c1e");
	}

	@Test
	void mapWhenFormatJsonOverridesContentTypeThenReadAsJson() {
		TokenResponseSpec spec = oauth2().withFormat(ResponseFormat.JSON);

		TokenResponse response = map("client", spec, 200, MediaType.TEXT_PLAIN,
				"{\"access_token\":\"at-opaque-7c1e\",\"expires_in\":60}");

		assertThat(response.accessToken().getTokenValue()).isEqualTo("at-opaque-7c1e");
	}

	@Test
	void mapWhenUnknownContentTypeThenSaysNeitherJsonNorForm() {
		TokenEndpointException ex = failure("client", oauth2(), 200, MediaType.APPLICATION_XML, "<token/>");

		assertFailure(ex, "client", 200, TokenEndpointException.INVALID_TOKEN_RESPONSE, false);
		assertThat(ex.getMessage()).endsWith("with a application/xml body, not JSON or form-encoded");
	}

	@Test
	void mapWhenKeystoneTokenInHeaderAndIsoExpiryInBodyThenBoth() {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(JSON);
		headers.set("X-Subject-Token", "at-opaque-7c1e");

		TokenResponse response = this.mapper.map("keystone", keystone(), 201, headers,
				bytes("{\"token\":{\"methods\":[\"password\"],\"expires_at\":\"2025-06-20T03:00:00.000000Z\"}}"),
				this.receivedAt);

		assertThat(response.accessToken().getTokenValue()).isEqualTo("at-opaque-7c1e");
		assertThat(response.accessToken().getExpiresAt()).isEqualTo(Instant.parse("2025-06-20T03:00:00Z"));
	}

	@Test
	void mapWhenHeaderSourceAndEmptyBodyThenTokenWithLifetime() {
		TokenResponseSpec spec = new TokenResponseSpec(ResponseSource.header("X-Auth"), null, null,
				new ExpirySpec(ResponseSource.header("X-Expires-In"), ExpiryKind.SECONDS, Duration.ofMinutes(5)),
				ExpirySpec.none(), null, TokenResponseSpec.DEFAULT_ERROR_CODE, TokenResponseSpec.DEFAULT_ERROR_MESSAGE);
		HttpHeaders headers = new HttpHeaders();
		headers.set("x-auth", "at-opaque-7c1e");

		TokenResponse response = this.mapper.map("client", spec, 204, headers, new byte[0], this.receivedAt);

		assertThat(response.accessToken().getTokenValue()).isEqualTo("at-opaque-7c1e");
		assertThat(response.accessToken().getExpiresAt()).isEqualTo(this.receivedAt.plus(Duration.ofMinutes(5)));
	}

	@Test
	void mapWhenHeaderSourceNamesAbsentHeaderThenTokenEndpointExceptionNamesClientAndHeader() {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(JSON);

		TokenEndpointException ex = catchThrowableOfType(TokenEndpointException.class,
				() -> this.mapper.map("keystone", keystone(), 201, headers,
						bytes("{\"token\":{\"expires_at\":\"2025-06-20T03:00:00Z\"}}"), this.receivedAt));

		assertFailure(ex, "keystone", 201, TokenEndpointException.INVALID_TOKEN_RESPONSE, false);
		assertThat(ex.getMessage()).endsWith("with no access token in header X-Subject-Token");
	}

	@Test
	void mapWhenErrorCodeAndSuccessRuleInHeadersThenReadFromHeaders() {
		TokenResponseSpec spec = new TokenResponseSpec(pointer("/access_token"), null, null, ExpirySpec.none(),
				ExpirySpec.none(), new ResponseValueRule(ResponseSource.header("X-Status"), Set.of("ok")),
				List.of(ResponseSource.header("X-Error")), List.of(ResponseSource.header("X-Error-Message")));
		HttpHeaders failed = new HttpHeaders();
		failed.setContentType(JSON);
		failed.set("X-Status", "failed");
		failed.set("X-Error", "locked");
		failed.set("X-Error-Message", "account locked");
		HttpHeaders ok = new HttpHeaders();
		ok.setContentType(JSON);
		ok.set("X-Status", "ok");
		byte[] body = bytes("{\"access_token\":\"at-opaque-7c1e\"}");

		TokenEndpointException ex = catchThrowableOfType(TokenEndpointException.class,
				() -> this.mapper.map("client", spec, 200, failed, body, this.receivedAt));
		TokenResponse response = this.mapper.map("client", spec, 200, ok, body, this.receivedAt);

		assertFailure(ex, "client", 200, "locked", false);
		assertThat(ex.getMessage()).endsWith("error code 'locked': account locked");
		assertThat(response.accessToken().getTokenValue()).isEqualTo("at-opaque-7c1e");
	}

	private static TokenResponseSpec keystone() {
		return new TokenResponseSpec(ResponseSource.header("X-Subject-Token"), null, null,
				new ExpirySpec(pointer("/token/expires_at"), ExpiryKind.ISO_INSTANT, null), ExpirySpec.none(), null,
				TokenResponseSpec.DEFAULT_ERROR_CODE, TokenResponseSpec.DEFAULT_ERROR_MESSAGE);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private TokenResponse map(String registrationId, TokenResponseSpec spec, int status,
			@Nullable MediaType contentType, String body) {
		return this.mapper.map(registrationId, spec, status, contentType, body.getBytes(StandardCharsets.UTF_8),
				this.receivedAt);
	}

	private TokenEndpointException failure(String registrationId, TokenResponseSpec spec, int status,
			@Nullable MediaType contentType, String body) {
		TokenEndpointException ex = catchThrowableOfType(TokenEndpointException.class,
				() -> map(registrationId, spec, status, contentType, body));
		assertThat(ex).as("TokenEndpointException").isNotNull();
		return ex;
	}

	private static void assertFailure(TokenEndpointException ex, String registrationId, int status, String errorCode,
			boolean transientFailure) {
		assertThat(ex.getMessage())
			.startsWith("Token endpoint of client '" + registrationId + "' answered HTTP " + status + " with ");
		assertThat(ex.getClientRegistrationId()).isEqualTo(registrationId);
		assertThat(ex.getStatusCode()).isEqualTo(status);
		assertThat(ex.getError().getErrorCode()).isEqualTo(errorCode);
		assertThat(ex.isTransient()).as("transient").isEqualTo(transientFailure);
		for (String secret : SECRETS) {
			assertThat(ex.getMessage()).doesNotContain(secret);
			assertThat(ex.getError().getDescription()).doesNotContain(secret);
			assertThat(ex.toString()).doesNotContain(secret);
		}
	}

	private static TokenResponseSpec oauth2() {
		return TokenResponseSpec.oauth2();
	}

	private static TokenResponseSpec seed000() {
		return new TokenResponseSpec(pointer("/data/accessToken"), pointer("/data/refreshToken"), pointer("/data/type"),
				ExpirySpec.seconds("/data/expiresIn"), ExpirySpec.seconds("/data/refreshExpiresIn"),
				new ResponseValueRule(pointer("/code"), Set.of("0000")), TokenResponseSpec.DEFAULT_ERROR_CODE,
				TokenResponseSpec.DEFAULT_ERROR_MESSAGE);
	}

	private static TokenResponseSpec seed001() {
		return new TokenResponseSpec(pointer("/data/accessToken"), pointer("/data/refreshToken"), null,
				new ExpirySpec(pointer("/data/accessTokenEndTime"), ExpiryKind.EPOCH_SECONDS, null),
				new ExpirySpec(pointer("/data/refreshTokenEndTime"), ExpiryKind.EPOCH_SECONDS, null), null,
				TokenResponseSpec.DEFAULT_ERROR_CODE, TokenResponseSpec.DEFAULT_ERROR_MESSAGE);
	}

	private static TokenResponseSpec seed003() {
		return withExpiry(oauth2(), new ExpirySpec(pointer("/expires_in"), ExpiryKind.EPOCH_SECONDS, null));
	}

	private static TokenResponseSpec seed004(ExpirySpec expiry) {
		return new TokenResponseSpec(pointer("/access"), pointer("/refresh"), null, expiry, ExpirySpec.none(), null,
				TokenResponseSpec.DEFAULT_ERROR_CODE, TokenResponseSpec.DEFAULT_ERROR_MESSAGE);
	}

	private static TokenResponseSpec withExpiry(TokenResponseSpec spec, ExpirySpec expiry) {
		return new TokenResponseSpec(spec.accessToken(), spec.refreshToken(), spec.tokenType(), expiry,
				spec.refreshExpiry(), spec.success(), spec.errorCode(), spec.errorMessage());
	}

	private static ResponseSource pointer(String pointer) {
		return ResponseSource.body(pointer);
	}

	private static String jwt(String payload) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		return encoder.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
	}

	private static String fixture(String name) {
		try (InputStream in = TokenResponseMapperTests.class.getResourceAsStream(name)) {
			assertThat(in).as(name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
