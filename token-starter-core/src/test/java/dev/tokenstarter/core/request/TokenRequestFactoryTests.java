package dev.tokenstarter.core.request;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import dev.tokenstarter.core.definition.BodyFormat;
import dev.tokenstarter.core.definition.ClientAuthentication;
import dev.tokenstarter.core.definition.RawBody;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenCredentials;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.definition.TokenResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link TokenRequestFactory}. The seed tests describe the token requests of the five APIs
 * in {@code /work/shared/seeds} and assert the exact bytes sent.
 *
 * @author token-starter
 */
class TokenRequestFactoryTests {

	private static final String JSON = "application/json";

	private static final String FORM = "application/x-www-form-urlencoded;charset=UTF-8";

	private final TokenRequestFactory factory = new TokenRequestFactory();

	// Seed 000: code exchange, JSON body {clientId, code}, envelope response.
	@Test
	void createWhenSeed000CodeExchangeThenJsonBodyWithClientIdAndCode() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://mavi-backend.memories.ai/auth/api/token/getAccessToken")
			.withBody(BodyFormat.JSON, fields("clientId", "{client-id}", "code", "{code}"));
		TokenClientDefinition definition = definition("seed-000", TokenGrant.CODE, spec,
				fields("client-id", "myxjDRvjN+osYha2DxNAuVlYVnpY26BU2pPJdCyVzJU=", "code", "cb-code-7f3a"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertThat(request.registrationId()).isEqualTo("seed-000");
		assertThat(request.method()).isEqualTo(HttpMethod.POST);
		assertThat(request.uri()).hasToString("https://mavi-backend.memories.ai/auth/api/token/getAccessToken");
		assertHeaders(request, fields("Accept", JSON, "Content-Type", JSON));
		assertBody(request,
				"{\"clientId\":\"myxjDRvjN+osYha2DxNAuVlYVnpY26BU2pPJdCyVzJU=\",\"code\":\"cb-code-7f3a\"}");
	}

	// Seed 001: login with e-mail, password and appId (tokens.make), refresh with the refresh token.
	@Test
	void createWhenSeed001LoginThenJsonBodyWithEmailPasswordAndAppId() {
		TokenClientDefinition definition = seed001();

		TokenRequest request = this.factory.create(definition, definition.getTokenEndpoint().request(), Map.of());

		assertThat(request.method()).isEqualTo(HttpMethod.POST);
		assertThat(request.uri()).hasToString("https://api.seed001.example/v1/tokens.make");
		assertHeaders(request, fields("Accept", JSON, "Content-Type", JSON));
		assertBody(request, "{\"email\":\"dev@example.com\",\"password\":\"päss\\\"wörd\",\"appId\":\"app-42\"}");
	}

	@Test
	void createWhenSeed001RefreshThenJsonBodyWithRefreshTokenVariable() {
		TokenClientDefinition definition = seed001();

		TokenRequest request = this.factory.create(definition, definition.getRefreshEndpoint().request(),
				Map.of(TokenRequestFactory.REFRESH_TOKEN, "rt-001-value"));

		assertThat(request.uri()).hasToString("https://api.seed001.example/v1/tokens.refresh");
		assertHeaders(request, fields("Accept", JSON, "Content-Type", JSON));
		assertBody(request, "{\"refreshToken\":\"rt-001-value\"}");
	}

	// Seed 002: OAuth2-like client credentials, but as a JSON body.
	@Test
	void createWhenSeed002ClientCredentialsThenJsonBodyWithGrantType() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://demo.mention-me.com/api/oauth/token")
			.withBody(BodyFormat.JSON, fields("client_id", "{client-id}", "client_secret", "{client-secret}",
					"grant_type", "client_credentials"));
		TokenClientDefinition definition = definition("seed-002", TokenGrant.CLIENT_CREDENTIALS, spec,
				fields("client-id", "mm-client-id", "client-secret", "mm-s3cret"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertThat(request.uri()).hasToString("https://demo.mention-me.com/api/oauth/token");
		assertHeaders(request, fields("Accept", JSON, "Content-Type", JSON));
		assertBody(request, "{\"client_id\":\"mm-client-id\",\"client_secret\":\"mm-s3cret\","
				+ "\"grant_type\":\"client_credentials\"}");
	}

	// Seed 003: empty body, scope as a query parameter, client credentials as Basic.
	@Test
	void createWhenSeed003ThenEmptyBodyScopeInQueryAndBasicClientCredentials() {
		TokenRequestSpec spec = new TokenRequestSpec(HttpMethod.POST, "https://sandbox.api.example/v1/api/oauth/token",
				BodyFormat.NONE, Map.of(), fields("scope", "{scope}"), Map.of(), ClientAuthentication.BASIC);
		TokenClientDefinition definition = definition("seed-003", TokenGrant.CLIENT_CREDENTIALS, spec,
				fields("client-id", "POC_NAB_Dev", "client-secret", "nab-s3cret", "scope", "edit"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertThat(request.method()).isEqualTo(HttpMethod.POST);
		assertThat(request.uri()).hasToString("https://sandbox.api.example/v1/api/oauth/token?scope=edit");
		assertHeaders(request, fields("Accept", JSON, "Authorization", "Basic UE9DX05BQl9EZXY6bmFiLXMzY3JldA=="));
		assertThat(request.body()).isNull();
	}

	// Seed 004: login with Basic username:password and no body; refresh with the refresh token.
	@Test
	void createWhenSeed004LoginThenBasicUsernamePasswordAndNoBody() {
		TokenClientDefinition definition = seed004();

		TokenRequest request = this.factory.create(definition, definition.getTokenEndpoint().request(), Map.of());

		assertThat(request.uri()).hasToString("https://app.seed004.example/auth/api/v1/accounts/login");
		assertHeaders(request, fields("Accept", JSON, "Authorization", "Basic am9obmRvZTp5b3VyX3Bhc3N3b3Jk"));
		assertThat(request.body()).isNull();
	}

	@Test
	void createWhenSeed004RefreshThenJsonBodyWithRefreshAndNoBasic() {
		TokenClientDefinition definition = seed004();

		TokenRequest request = this.factory.create(definition, definition.getRefreshEndpoint().request(),
				Map.of(TokenRequestFactory.REFRESH_TOKEN, "rt-004-value"));

		assertThat(request.uri()).hasToString("https://app.seed004.example/auth/api/v1/accounts/token");
		assertHeaders(request, fields("Accept", JSON, "Content-Type", JSON));
		assertBody(request, "{\"refresh\":\"rt-004-value\"}");
	}

	@Test
	void createWhenJsonValuesHaveQuotesBackslashesControlsAndUnicodeThenEscapedAsJson() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example.com/login")
			.withBody(BodyFormat.JSON, fields("username", "{username}", "password", "{password}"));
		TokenClientDefinition definition = definition("login", TokenGrant.LOGIN, spec,
				fields("username", "jöhn", "password", "p\"a\\ss\twörd 中 € \u0001</x>"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertBody(request, "{\"username\":\"jöhn\",\"password\":\"p\\\"a\\\\ss\\twörd 中 € \\u0001</x>\"}");
	}

	@Test
	void createWhenJsonWithoutFieldsThenEmptyObject() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example.com/token");
		TokenRequest request = this.factory.create(definition("c", TokenGrant.CLIENT_CREDENTIALS, spec, Map.of()), spec,
				Map.of());

		assertHeaders(request, fields("Accept", JSON, "Content-Type", JSON));
		assertBody(request, "{}");
	}

	@Test
	void createWhenFormBodyThenFieldsUrlEncodedInOrder() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example.com/oauth/token")
			.withBody(BodyFormat.FORM,
					fields("grant_type", "password", "user name", "{username}", "password", "{password}"));
		TokenClientDefinition definition = definition("form", TokenGrant.LOGIN, spec,
				fields("username", "jöhn doe@x.com", "password", "p&ss=w+rd/ä% {x}"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertHeaders(request, fields("Accept", JSON, "Content-Type", FORM));
		assertBody(request,
				"grant_type=password&user+name=j%C3%B6hn+doe%40x.com&password=p%26ss%3Dw%2Brd%2F%C3%A4%25+%7Bx%7D");
	}

	@Test
	void createWhenBodyFormatNoneThenNoBodyAndNoContentType() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example.com/token").withBody(BodyFormat.NONE,
				Map.of());
		TokenRequest request = this.factory.create(definition("c", TokenGrant.CLIENT_CREDENTIALS, spec, Map.of()), spec,
				Map.of());

		assertThat(request.body()).isNull();
		assertThat(request.headers().getContentType()).isNull();
		assertHeaders(request, fields("Accept", JSON));
	}

	@Test
	void createWhenQueryAndUriWithoutQueryThenAppendedAfterQuestionMark() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example.com/token")
			.withQuery(fields("scope", "read write", "client_id", "{client-id}"));
		TokenClientDefinition definition = definition("c", TokenGrant.CLIENT_CREDENTIALS, spec,
				fields("client-id", "id-1"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertThat(request.uri()).hasToString("https://api.example.com/token?scope=read%20write&client_id=id-1");
		assertThat(request.uri().getQuery()).isEqualTo("scope=read write&client_id=id-1");
	}

	@Test
	void createWhenQueryAndUriWithQueryThenAppendedAfterAmpersand() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example.com/token?version=2")
			.withQuery(fields("scope", "{scope}"));
		TokenClientDefinition definition = definition("c", TokenGrant.CLIENT_CREDENTIALS, spec,
				fields("scope", "edit"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertThat(request.uri()).hasToString("https://api.example.com/token?version=2&scope=edit");
	}

	@Test
	void createWhenQueryNamesAndValuesNeedEncodingThenPercentEncoded() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example.com/token")
			.withQuery(fields("api key", "{api-key}", "literal", "x&y"));
		TokenClientDefinition definition = definition("c", TokenGrant.CLIENT_CREDENTIALS, spec,
				fields("api-key", "a&b=c/d ü+%#"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertThat(request.uri())
			.hasToString("https://api.example.com/token?api%20key=a%26b%3Dc%2Fd%20%C3%BC%2B%25%23&literal=x%26y");
		assertThat(request.uri().getQuery()).isEqualTo("api key=a&b=c/d ü+%#&literal=x&y");
	}

	@Test
	void createWhenUriPathHasVariableThenValueEncodedAsOneSegment() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example.com/tenants/{tenant}/token");
		TokenClientDefinition definition = definition("c", TokenGrant.CLIENT_CREDENTIALS, spec,
				fields("tenant", "acme corp/eü"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertThat(request.uri().getRawPath()).isEqualTo("/tenants/acme%20corp%2Fe%C3%BC/token");
		assertThat(request.uri().getRawQuery()).isNull();
	}

	@Test
	void createWhenHeadersThenExpandedAsIsBesideAccept() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example.com/token")
			.withHeaders(fields("X-Api-Key", "Key {api-key}", "X-Tenant", "acme"));
		TokenClientDefinition definition = definition("c", TokenGrant.CLIENT_CREDENTIALS, spec,
				fields("api-key", "k/1 +=="));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertHeaders(request,
				fields("Accept", JSON, "X-Api-Key", "Key k/1 +==", "X-Tenant", "acme", "Content-Type", JSON));
	}

	@Test
	void createWhenAcceptHeaderDescribedThenReplacesDefault() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example.com/token")
			.withHeaders(fields("Accept", "application/vnd.api+json"));
		TokenRequest request = this.factory.create(definition("c", TokenGrant.CLIENT_CREDENTIALS, spec, Map.of()), spec,
				Map.of());

		assertThat(request.headers().get("Accept")).containsExactly("application/vnd.api+json");
	}

	@Test
	void createWhenExtraVariableHasCredentialNameThenExtraWins() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example.com/token")
			.withBody(BodyFormat.JSON, fields("code", "{code}"));
		TokenClientDefinition definition = definition("c", TokenGrant.CODE, spec, fields("code", "configured"));

		TokenRequest request = this.factory.create(definition, spec, Map.of("code", "fresh"));

		assertBody(request, "{\"code\":\"fresh\"}");
		assertThat(definition.getCredentials().get("code")).isEqualTo("configured");
	}

	@Test
	void createWhenBasicAndClientCredentialsThenClientIdAndSecretUtf8() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example.com/token")
			.withBody(BodyFormat.NONE, Map.of())
			.withClientAuthentication(ClientAuthentication.BASIC);
		TokenClientDefinition definition = definition("c", TokenGrant.CLIENT_CREDENTIALS, spec,
				fields("client-id", "clïent-ıd", "client-secret", "sëcret:with:colons", "username", "u",
						"password", "p"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertThat(request.headers().getFirst("Authorization"))
			.isEqualTo("Basic Y2zDr2VudC3EsWQ6c8OrY3JldDp3aXRoOmNvbG9ucw==");
	}

	@Test
	void createWhenBasicAndLoginThenUsernameAndPasswordUtf8() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example.com/login")
			.withBody(BodyFormat.NONE, Map.of())
			.withClientAuthentication(ClientAuthentication.BASIC);
		TokenClientDefinition definition = definition("c", TokenGrant.LOGIN, spec,
				fields("username", "jöhn.døe@example.com", "password", "pä$$wörd:€ 中", "client-id", "i",
						"client-secret", "s"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertThat(request.headers().getFirst("Authorization"))
			.isEqualTo("Basic asO2aG4uZMO4ZUBleGFtcGxlLmNvbTpww6QkJHfDtnJkOuKCrCDkuK0=");
	}

	@Test
	void createWhenBasicAndAuthorizationHeaderDescribedThenBasicWins() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example.com/login")
			.withHeaders(fields("Authorization", "Bearer stale"))
			.withClientAuthentication(ClientAuthentication.BASIC);
		TokenClientDefinition definition = definition("c", TokenGrant.LOGIN, spec,
				fields("username", "johndoe", "password", "your_password"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertThat(request.headers().get("Authorization")).containsExactly("Basic am9obmRvZTp5b3VyX3Bhc3N3b3Jk");
	}

	@Test
	void createWhenBasicAndSecretMissingThenIllegalStateExceptionNamesVariablesAndNoValue() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example.com/login")
			.withClientAuthentication(ClientAuthentication.BASIC);
		TokenClientDefinition definition = definition("c", TokenGrant.LOGIN, spec,
				fields("username", "johndoe", "client-secret", "Cl1ent-S3cret"));

		assertThatIllegalStateException().isThrownBy(() -> this.factory.create(definition, spec, Map.of()))
			.withMessageContaining("{username}")
			.withMessageContaining("{password}")
			.withMessageNotContaining("johndoe")
			.withMessageNotContaining("Cl1ent-S3cret");
	}

	@ParameterizedTest
	@ValueSource(strings = { "uri", "header", "body", "query" })
	void createWhenVariableMissingThenIllegalStateExceptionNamesItAndNoSecret(String location) {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example.com/token?k={client-secret}")
			.withBody(BodyFormat.JSON, fields("secret", "{client-secret}", "password", "{password}"))
			.withHeaders(fields("X-Secret", "{client-secret}"));
		spec = switch (location) {
			case "uri" -> new TokenRequestSpec(spec.method(), spec.uri() + "&app={app-id}", spec.bodyFormat(),
					spec.body(), spec.query(), spec.headers(), spec.clientAuthentication());
			case "header" -> spec.withHeaders(fields("X-Secret", "{client-secret}", "X-App", "{app-id}"));
			case "body" -> spec.withBody(BodyFormat.JSON, fields("secret", "{client-secret}", "app", "{app-id}"));
			default -> spec.withQuery(fields("q", "{password}", "app", "{app-id}"));
		};
		TokenClientDefinition definition = definition("c", TokenGrant.CLIENT_CREDENTIALS, spec,
				fields("client-id", "id", "client-secret", "Cl1ent-S3cret", "password", "Pa55-word"));
		TokenRequestSpec described = spec;

		assertThatIllegalStateException()
			.isThrownBy(() -> this.factory.create(definition, described, Map.of("refresh-token", "Refr3sh-T0ken")))
			.withMessageContaining("{app-id}")
			.withMessageNotContaining("Cl1ent-S3cret")
			.withMessageNotContaining("Pa55-word")
			.withMessageNotContaining("Refr3sh-T0ken");
	}

	@Test
	void createWhenRefreshTokenNotGivenThenIllegalStateExceptionNamesRefreshToken() {
		TokenClientDefinition definition = seed004();

		assertThatIllegalStateException()
			.isThrownBy(() -> this.factory.create(definition, definition.getRefreshEndpoint().request(), Map.of()))
			.withMessageContaining("{refresh-token}")
			.withMessageNotContaining("your_password");
	}

	@Test
	void createWhenHeaderValueHoldsLineBreakThenIllegalStateNamingHeaderNotValue() {
		// A secret read from a file often keeps its line break; the HTTP client would quote it.
		TokenRequestSpec spec = TokenRequestSpec.post("https://id.example.com/token")
			.withHeaders(fields("X-Api-Key", "key {client-secret}"));
		TokenClientDefinition definition = definition("keyed", TokenGrant.CLIENT_CREDENTIALS, spec,
				fields("client-id", "app", "client-secret", "s3cret-from-file\n"));

		assertThatIllegalStateException().isThrownBy(() -> this.factory.create(definition, spec, Map.of()))
			.withMessage("Header 'X-Api-Key' of a token request of client 'keyed' would hold the character U+000A "
					+ "at index 20, which cannot go in an HTTP header; check the values of [client-secret]")
			.withMessageNotContaining("s3cret");
	}

	@Test
	void toStringWhenPathHoldsLineBreakThenStaysOnOneLine() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://id.example.com/tenants/{tenant}/token");
		TokenClientDefinition definition = definition("tenanted", TokenGrant.CLIENT_CREDENTIALS, spec,
				fields("client-id", "app", "client-secret", "s3cret", "tenant", "acme\r\nX-Forged: 1"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertThat(request).hasToString(
				"TokenRequest{registrationId='tenanted', POST https://id.example.com/tenants/acme%0D%0AX-Forged%3A%201/token}");
	}

	@Test
	void toStringWhenQueryAndSecretsThenOnlyMethodAndPath() {
		TokenRequestSpec spec = new TokenRequestSpec(HttpMethod.POST, "https://sandbox.api.example/v1/api/oauth/token",
				BodyFormat.JSON, fields("secret", "{client-secret}"), fields("key", "{client-secret}", "scope", "edit"),
				fields("X-Secret", "{client-secret}"), ClientAuthentication.BASIC);
		TokenClientDefinition definition = definition("seed-003", TokenGrant.CLIENT_CREDENTIALS, spec,
				fields("client-id", "POC_NAB_Dev", "client-secret", "nab-s3cret"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertThat(request.uri().getRawQuery()).isEqualTo("key=nab-s3cret&scope=edit");
		assertThat(request).hasToString(
				"TokenRequest{registrationId='seed-003', POST https://sandbox.api.example/v1/api/oauth/token}");
	}

	// Structured and raw bodies

	@Test
	void createWhenKeystoneNestedJsonBodyThenNestedObjectsAndArraysWithEscapedLeaves() {
		Map<String, Object> user = new LinkedHashMap<>();
		user.put("name", "{username}");
		user.put("domain", Map.of("id", "default"));
		user.put("password", "{password}");
		Map<String, Object> identity = new LinkedHashMap<>();
		identity.put("methods", List.of("password"));
		identity.put("password", Map.of("user", user));
		TokenRequestSpec spec = TokenRequestSpec.post("https://keystone.example/v3/auth/tokens")
			.withBody(BodyFormat.JSON, Map.of("auth", Map.of("identity", identity)));
		TokenClientDefinition definition = definition("keystone", TokenGrant.LOGIN, spec,
				fields("username", "admin", "password", "p\"a\\ss\nw\u00f6rd</"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertHeaders(request, fields("Accept", JSON, "Content-Type", JSON));
		assertBody(request, "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":"
				+ "{\"name\":\"admin\",\"domain\":{\"id\":\"default\"},\"password\":\"p\\\"a\\\\ss\\nw\u00f6rd</\"}}}}}");
	}

	@Test
	void createWhenJsonBodyHasNumbersBooleansAndVariablesInListsThenKeptAsJsonValues() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("scopes", List.of("read", "{app-id}"));
		body.put("ttl", 3600);
		body.put("refreshable", true);
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example/token").withBody(BodyFormat.JSON, body);
		TokenClientDefinition definition = definition("client", TokenGrant.CLIENT_CREDENTIALS, spec,
				fields("client-id", "id", "app-id", "app-42"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertBody(request, "{\"scopes\":[\"read\",\"app-42\"],\"ttl\":3600,\"refreshable\":true}");
	}

	@Test
	void withBodyWhenFormHasNestedValueThenIllegalArgumentNamingTheField() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example/token");

		assertThatIllegalArgumentException()
			.isThrownBy(() -> spec.withBody(BodyFormat.FORM, Map.of("auth", Map.of("user", "{username}"))))
			.withMessage("form body field 'auth' must be text, not a nested value");
	}

	@Test
	void createWhenRawJsonBodyThenVariablesJsonEscapedInsideStrings() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example/token")
			.withRawBody(new RawBody("{\"user\":\"{username}\",\"pass\":\"{password}\",\"n\":1}",
					MediaType.parseMediaType("application/vnd.api+json")));
		TokenClientDefinition definition = definition("client", TokenGrant.LOGIN, spec,
				fields("username", "ann", "password", "a\"b\\c"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertHeaders(request, fields("Accept", JSON, "Content-Type", "application/vnd.api+json"));
		assertBody(request, "{\"user\":\"ann\",\"pass\":\"a\\\"b\\\\c\",\"n\":1}");
	}

	@Test
	void createWhenRawXmlBodyThenVariablesXmlEscaped() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example/token")
			.withRawBody(new RawBody("<login><user>{username}</user><pass>{password}</pass></login>",
					MediaType.APPLICATION_XML));
		TokenClientDefinition definition = definition("client", TokenGrant.LOGIN, spec,
				fields("username", "ann", "password", "<&\"'>"));

		TokenRequest request = this.factory.create(definition, spec, Map.of());

		assertHeaders(request, fields("Accept", JSON, "Content-Type", "application/xml"));
		assertBody(request, "<login><user>ann</user><pass>&lt;&amp;&quot;&apos;&gt;</pass></login>");
	}

	@Test
	void createWhenRawFormAndPlainBodiesThenUrlEncodedAndAsIs() {
		TokenRequestSpec form = TokenRequestSpec.post("https://api.example/token")
			.withRawBody(new RawBody("grant=password&user={username}", MediaType.APPLICATION_FORM_URLENCODED));
		TokenRequestSpec plain = TokenRequestSpec.post("https://api.example/token")
			.withRawBody(new RawBody("USER {username}", MediaType.TEXT_PLAIN));
		TokenClientDefinition definition = definition("client", TokenGrant.LOGIN, form,
				fields("username", "a&b c", "password", "x"));

		assertBody(this.factory.create(definition, form, Map.of()), "grant=password&user=a%26b+c");
		assertBody(this.factory.create(definition, plain, Map.of()), "USER a&b c");
	}

	@Test
	void createWhenRawJsonBodyInvalidOnceFilledInThenIllegalStateNamingClientWithoutValue() {
		TokenRequestSpec spec = TokenRequestSpec.post("https://api.example/token")
			.withRawBody(new RawBody("{\"count\": {password}}", MediaType.APPLICATION_JSON));
		TokenClientDefinition definition = definition("client", TokenGrant.LOGIN, spec,
				fields("username", "ann", "password", "s3cret-value"));

		assertThatIllegalStateException().isThrownBy(() -> this.factory.create(definition, spec, Map.of()))
			.withMessageStartingWith("Raw body of client 'client' is not valid JSON")
			.withMessageNotContaining("s3cret-value");
	}

	private static TokenClientDefinition seed001() {
		TokenRequestSpec login = TokenRequestSpec.post("https://api.seed001.example/v1/tokens.make")
			.withBody(BodyFormat.JSON, fields("email", "{username}", "password", "{password}", "appId", "{app-id}"));
		TokenRequestSpec refresh = TokenRequestSpec.post("https://api.seed001.example/v1/tokens.refresh")
			.withBody(BodyFormat.JSON, fields("refreshToken", "{refresh-token}"));
		return TokenClientDefinition.withRegistrationId("seed-001")
			.grant(TokenGrant.LOGIN)
			.credentials(TokenCredentials
				.of(fields("username", "dev@example.com", "password", "päss\"wörd", "app-id", "app-42")))
			.tokenEndpoint(new TokenEndpointSpec(login, TokenResponseSpec.oauth2()))
			.refreshEndpoint(new TokenEndpointSpec(refresh, TokenResponseSpec.oauth2()))
			.build();
	}

	private static TokenClientDefinition seed004() {
		TokenRequestSpec login = TokenRequestSpec.post("https://app.seed004.example/auth/api/v1/accounts/login")
			.withBody(BodyFormat.NONE, Map.of())
			.withClientAuthentication(ClientAuthentication.BASIC);
		TokenRequestSpec refresh = TokenRequestSpec.post("https://app.seed004.example/auth/api/v1/accounts/token")
			.withBody(BodyFormat.JSON, fields("refresh", "{refresh-token}"));
		return TokenClientDefinition.withRegistrationId("seed-004")
			.grant(TokenGrant.LOGIN)
			.credentials(TokenCredentials.of(fields("username", "johndoe", "password", "your_password")))
			.tokenEndpoint(new TokenEndpointSpec(login, TokenResponseSpec.oauth2()))
			.refreshEndpoint(new TokenEndpointSpec(refresh, TokenResponseSpec.oauth2()))
			.build();
	}

	private static TokenClientDefinition definition(String registrationId, TokenGrant grant, TokenRequestSpec spec,
			Map<String, String> credentials) {
		return TokenClientDefinition.withRegistrationId(registrationId)
			.grant(grant)
			.credentials(TokenCredentials.of(new LinkedHashMap<>(credentials)))
			.tokenEndpoint(new TokenEndpointSpec(spec, TokenResponseSpec.oauth2()))
			.build();
	}

	private static Map<String, String> fields(String... namesAndValues) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			fields.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		return fields;
	}

	private static void assertHeaders(TokenRequest request, Map<String, String> expected) {
		assertThat(request.headers().headerNames()).containsExactlyInAnyOrderElementsOf(expected.keySet());
		expected.forEach((name, value) -> assertThat(request.headers().get(name)).as(name).containsExactly(value));
	}

	private static void assertBody(TokenRequest request, String expected) {
		assertThat(request.body()).isNotNull();
		assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo(expected);
		assertThat(request.body()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
	}

}
