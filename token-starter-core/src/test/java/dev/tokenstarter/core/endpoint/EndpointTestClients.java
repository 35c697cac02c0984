package dev.tokenstarter.core.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;

import dev.tokenstarter.core.definition.BodyFormat;
import dev.tokenstarter.core.definition.ClientAuthentication;
import dev.tokenstarter.core.definition.ExpiryKind;
import dev.tokenstarter.core.definition.ExpirySpec;
import dev.tokenstarter.core.definition.ResponseSource;
import dev.tokenstarter.core.definition.ResponseValueRule;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenCredentials;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.definition.TokenResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed client definitions against a {@link LoopbackTokenServer}, shared by the blocking and reactive
 * endpoint client tests so both send and read the very same exchanges.
 *
 * @author token-starter
 */
final class EndpointTestClients {

	static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-20T02:00:00Z"), ZoneOffset.UTC);

	static final String CLIENT_SECRET = "Cl1ent-S3cret";

	static final String PASSWORD = "P4ssw0rd!";

	static final String CODE = "cb-code-7f3a";

	static final String OLD_REFRESH_TOKEN = "rt-004-old";

	static final String SEED_000_FAILURE = "{\"code\":\"4010\",\"msg\":\"Callback code is invalid or expired\","
			+ "\"data\":{\"accessToken\":\"at-000-stale\"}}";

	static final String SEED_000_ACCEPTED = "{\"code\":\"0000\",\"msg\":\"success\",\"data\":null}";

	static final String SEED_000_DELIVERY = "{\"code\":\"0000\",\"msg\":\"success\",\"data\":{\"accessToken\":"
			+ "\"at-000-cb\",\"type\":\"Bearer\",\"expiresIn\":7200,\"refreshToken\":\"rt-000-cb\","
			+ "\"refreshExpiresIn\":5184000}}";

	static final String SEED_001_SUCCESS = "{\"success\":true,\"data\":{\"accessToken\":\"at-001-5e6f7a8b\","
			+ "\"accessTokenEndTime\":1750471200,\"refreshToken\":\"rt-001-1c2d3e4f\","
			+ "\"refreshTokenEndTime\":1751594400}}";

	static final String SEED_003_SUCCESS = "{\"access_token\":\"eyJhbGciOiJSUzI1NiJ9."
			+ "eyJzY29wZSI6ImVkaXQiLCJjbGllbnRfaWQiOiJQT0NfTkFCX0RldiIsImZpcnN0VmlzaW9uSWQiOiIwMDAwMEFVTkFC"
			+ "IiwiZXhwIjoxNzUwMzkyMDAwfQ."
			+ "c2lnbmF0dXJl\",\"expires_in\":1750392000,\"token_type\":\"Bearer\"}";

	static final String SEED_003_ERROR = "[{\"detail\":\"Please refer to invalid-params for error details\","
			+ "\"errorCode\":\"240101\",\"instance\":\"/v1/api/oauth/token\","
			+ "\"invalid-params\":[\"Invalid client credentials or scope\"],\"source\":\"AGT\",\"status\":401,"
			+ "\"title\":\"Unauthorized\"}]";

	static final String SEED_004_SUCCESS = "{\"access\":\"at-004-a1b2c3\",\"refresh\":\"rt-004-d4e5f6\"}";

	static final String HTML = "<html><body><h1>503 Service Unavailable</h1></body></html>";

	/**
	 * Every secret a request of these tests carries and every token a response of these tests holds.
	 */
	static final List<String> SECRETS = List.of(CLIENT_SECRET, PASSWORD, CODE, OLD_REFRESH_TOKEN, "at-000-stale",
			"at-000-cb", "rt-000-cb",
			"at-001-5e6f7a8b", "rt-001-1c2d3e4f", "at-004-a1b2c3", "rt-004-d4e5f6", "eyJ");

	private EndpointTestClients() {
	}

	/**
	 * Seed 000: code exchange with a JSON body; an envelope whose /code is "0000" on success.
	 */
	static TokenClientDefinition seed000(String tokenUri) {
		TokenRequestSpec request = TokenRequestSpec.post(tokenUri)
			.withBody(BodyFormat.JSON, fields("clientId", "{client-id}", "code", "{code}"));
		return seed000(new TokenEndpointSpec(request, seed000Response()));
	}

	/**
	 * Seed 000 as its documentation describes it: the tokens come by callback, to the URI in the body.
	 */
	static TokenClientDefinition seed000Callback(String tokenUri) {
		TokenRequestSpec request = TokenRequestSpec.post(tokenUri)
			.withBody(BodyFormat.JSON,
					fields("clientId", "{client-id}", "code", "{code}", "callbackUri", "{callback-uri}"));
		return seed000(new TokenEndpointSpec(request, seed000Response()).withCallbackDelivery(Duration.ofSeconds(30)));
	}

	private static TokenClientDefinition seed000(TokenEndpointSpec tokenEndpoint) {
		return TokenClientDefinition.withRegistrationId("seed-000")
			.grant(TokenGrant.CODE)
			.credentials(TokenCredentials.of(fields("client-id", "myxjDRvjN+osYha2DxNAuVlYVnpY26BU2pPJdCyVzJU=",
					"code", CODE)))
			.tokenEndpoint(tokenEndpoint)
			.build();
	}

	private static TokenResponseSpec seed000Response() {
		return new TokenResponseSpec(pointer("/data/accessToken"), pointer("/data/refreshToken"),
				pointer("/data/type"), ExpirySpec.seconds("/data/expiresIn"),
				ExpirySpec.seconds("/data/refreshExpiresIn"), new ResponseValueRule(pointer("/code"), Set.of("0000")),
				TokenResponseSpec.DEFAULT_ERROR_CODE, TokenResponseSpec.DEFAULT_ERROR_MESSAGE);
	}

	/**
	 * Return the one-time state of the callback URI that a seed 000 callback request carried.
	 */
	static String callbackState(byte[] requestBody, String expectedUriPrefix) {
		String callbackUri = JsonMapper.shared().readTree(requestBody).get("callbackUri").asString();
		assertThat(callbackUri).startsWith(expectedUriPrefix + "?state=");
		return callbackUri.substring(expectedUriPrefix.length() + "?state=".length());
	}

	/**
	 * Seed 001: JSON login with e-mail, password and appId; absolute expiries in epoch seconds.
	 */
	static TokenClientDefinition seed001(String tokenUri) {
		TokenRequestSpec request = TokenRequestSpec.post(tokenUri)
			.withBody(BodyFormat.JSON, fields("email", "{username}", "password", "{password}", "appId", "{app-id}"));
		TokenResponseSpec response = new TokenResponseSpec(pointer("/data/accessToken"),
				pointer("/data/refreshToken"), null,
				new ExpirySpec(pointer("/data/accessTokenEndTime"), ExpiryKind.EPOCH_SECONDS, null),
				new ExpirySpec(pointer("/data/refreshTokenEndTime"), ExpiryKind.EPOCH_SECONDS, null), null,
				TokenResponseSpec.DEFAULT_ERROR_CODE, TokenResponseSpec.DEFAULT_ERROR_MESSAGE);
		return TokenClientDefinition.withRegistrationId("seed-001")
			.grant(TokenGrant.LOGIN)
			.credentials(TokenCredentials.of(fields("username", "dev@example.com", "password", PASSWORD, "app-id",
					"app-42")))
			.tokenEndpoint(new TokenEndpointSpec(request, response))
			.build();
	}

	/**
	 * Seed 003: empty body, scope in the query, Basic client credentials; expires_in is epoch seconds.
	 */
	static TokenClientDefinition seed003(String tokenUri) {
		TokenRequestSpec request = new TokenRequestSpec(HttpMethod.POST, tokenUri, BodyFormat.NONE, Map.of(),
				fields("scope", "{scope}"), Map.of(), ClientAuthentication.BASIC);
		TokenResponseSpec oauth2 = TokenResponseSpec.oauth2();
		TokenResponseSpec response = new TokenResponseSpec(oauth2.accessToken(), oauth2.refreshToken(),
				oauth2.tokenType(), new ExpirySpec(pointer("/expires_in"), ExpiryKind.EPOCH_SECONDS, null),
				oauth2.refreshExpiry(), null, oauth2.errorCode(), oauth2.errorMessage());
		return TokenClientDefinition.withRegistrationId("seed-003")
			.grant(TokenGrant.CLIENT_CREDENTIALS)
			.credentials(TokenCredentials.of(fields("client-id", "POC_NAB_Dev", "client-secret", CLIENT_SECRET,
					"scope", "edit")))
			.tokenEndpoint(new TokenEndpointSpec(request, response))
			.build();
	}

	/**
	 * Seed 004: Basic username:password login without a body, refresh with a JSON body; {access, refresh}
	 * valid 45 minutes.
	 */
	static TokenClientDefinition seed004(String loginUri, String refreshUri) {
		TokenResponseSpec response = new TokenResponseSpec(pointer("/access"), pointer("/refresh"), null,
				new ExpirySpec(null, ExpiryKind.LIFETIME, Duration.ofMinutes(45)), ExpirySpec.none(), null,
				TokenResponseSpec.DEFAULT_ERROR_CODE, TokenResponseSpec.DEFAULT_ERROR_MESSAGE);
		TokenRequestSpec login = TokenRequestSpec.post(loginUri)
			.withBody(BodyFormat.NONE, Map.of())
			.withClientAuthentication(ClientAuthentication.BASIC);
		TokenRequestSpec refresh = TokenRequestSpec.post(refreshUri)
			.withBody(BodyFormat.JSON, fields("refresh", "{refresh-token}"));
		return TokenClientDefinition.withRegistrationId("seed-004")
			.grant(TokenGrant.LOGIN)
			.credentials(TokenCredentials.of(fields("username", "jöhn", "password", PASSWORD)))
			.tokenEndpoint(new TokenEndpointSpec(login, response))
			.refreshEndpoint(new TokenEndpointSpec(refresh, response))
			.build();
	}

	/**
	 * An OAuth2-style form login whose client secret also travels in the query, the worst case for
	 * messages.
	 */
	static TokenClientDefinition formWithSecretInQuery(String tokenUri) {
		TokenRequestSpec request = TokenRequestSpec.post(tokenUri)
			.withBody(BodyFormat.FORM,
					fields("grant_type", "password", "username", "{username}", "password", "{password}"))
			.withQuery(fields("client_secret", "{client-secret}"));
		return TokenClientDefinition.withRegistrationId("form")
			.grant(TokenGrant.LOGIN)
			.credentials(TokenCredentials.of(fields("username", "jöhn doe", "password", PASSWORD, "client-secret",
					CLIENT_SECRET)))
			.tokenEndpoint(new TokenEndpointSpec(request, TokenResponseSpec.oauth2()))
			.build();
	}

	/**
	 * Assert that no message or string form in the cause chain carries a secret or the query.
	 */
	static void assertNoSecrets(Throwable failure, String... alsoForbidden) {
		for (Throwable ex = failure; ex != null; ex = ex.getCause()) {
			String text = ex + " " + ex.getMessage();
			for (String secret : SECRETS) {
				assertThat(text).doesNotContain(secret);
			}
			for (String forbidden : alsoForbidden) {
				assertThat(text).doesNotContain(forbidden);
			}
		}
	}

	static Map<String, String> fields(String... namesAndValues) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			fields.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return fields;
	}

	private static ResponseSource pointer(String pointer) {
		return ResponseSource.body(pointer);
	}

}
