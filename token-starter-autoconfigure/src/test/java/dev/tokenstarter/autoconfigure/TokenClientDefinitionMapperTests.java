package dev.tokenstarter.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonPointer;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpMethod;

import dev.tokenstarter.core.definition.AttachSpec;
import dev.tokenstarter.core.definition.BodyFormat;
import dev.tokenstarter.core.definition.ClientAuthentication;
import dev.tokenstarter.core.definition.ExpiryKind;
import dev.tokenstarter.core.definition.ExpirySpec;
import dev.tokenstarter.core.definition.InvalidTokenSpec;
import dev.tokenstarter.core.definition.JsonValueRule;
import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.definition.LifecycleSpec.BudgetLimit;
import dev.tokenstarter.core.definition.LifecycleSpec.IssuanceBudgetSpec;
import dev.tokenstarter.core.definition.ResponseFormat;
import dev.tokenstarter.core.definition.ResponseSource;
import dev.tokenstarter.core.definition.ResponseValueRule;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.definition.TokenDelivery;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.definition.TokenResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TokenClientDefinitionMapper}, on properties bound by Boot's binder from the keys users
 * write.
 */
class TokenClientDefinitionMapperTests {

	private static final String SECRET = "s3cr3t-VALUE";

	private static final String P = "token-starter.clients.memories.";

	private final TokenClientDefinitionMapper mapper = new TokenClientDefinitionMapper();

	private final Map<String, String> properties = new LinkedHashMap<>();

	@Test
	void mapWhenOnlyTokenUriThenDefaults() {
		set("token.uri", "https://api.example.com/oauth/token");
		TokenClientDefinition definition = map("memories");
		assertThat(definition.getGrant()).isEqualTo(TokenGrant.CLIENT_CREDENTIALS);
		assertThat(definition.getCredentials().names()).isEmpty();
		TokenRequestSpec request = definition.getTokenEndpoint().request();
		assertThat(request.method()).isEqualTo(HttpMethod.POST);
		assertThat(request.uri()).isEqualTo("https://api.example.com/oauth/token");
		assertThat(request.bodyFormat()).isEqualTo(BodyFormat.JSON);
		assertThat(request.clientAuthentication()).isEqualTo(ClientAuthentication.NONE);
		assertThat(definition.getTokenEndpoint().response()).isEqualTo(TokenResponseSpec.oauth2());
		assertThat(definition.getRefreshEndpoint()).isNull();
		assertThat(definition.getAttach()).isEqualTo(AttachSpec.bearer());
		assertThat(definition.getInvalidToken()).isEqualTo(InvalidTokenSpec.unauthorized());
		assertThat(definition.getLifecycle()).isEqualTo(LifecycleSpec.defaults());
	}

	@Test
	void mapWhenEveryKeySetThenEveryValueMapped() {
		set("grant", "login");
		set("username", "alice@example.com");
		set("password", SECRET);
		set("parameters.app-id", "app-42");
		set("token.uri", "https://api.example.com/v1/login?lang=en");
		set("token.method", "put");
		set("token.body-format", "form");
		set("token.body.email", "{username}");
		set("token.body.password", "{password}");
		set("token.query.app", "{app-id}");
		set("token.headers.X-App-Id", "{app-id}");
		set("token.client-authentication", "basic");
		set("token.response.access-token", "/data/accessToken");
		set("token.response.refresh-token", "/data/refreshToken");
		set("token.response.token-type", "");
		set("token.response.expires", "/data/expiresAt");
		set("token.response.expires-kind", "epoch-millis");
		set("token.response.lifetime", "2h");
		set("token.response.refresh-expires", "/data/refreshExpiresAt");
		set("token.response.refresh-expires-kind", "iso-instant");
		set("token.response.success-pointer", "/code");
		set("token.response.success-values[0]", "0000");
		set("token.response.error-code[0]", "/code");
		set("token.response.error-message[0]", "/msg");
		set("attach.header", "X-Token");
		set("attach.scheme", "none");
		set("invalid-token.statuses[0]", "401");
		set("invalid-token.statuses[1]", "403");
		set("invalid-token.body-pointer", "/error/code");
		set("invalid-token.body-values[0]", "ApiInvalidTokenError");
		set("lifecycle.refresh-ahead-ratio", "0.5");
		set("lifecycle.refresh-ahead-window", "5m");
		set("lifecycle.clock-skew", "10s");
		set("lifecycle.budget.limit", "50");
		set("lifecycle.budget.period", "12h");
		set("lifecycle.retry.max-attempts", "5");
		set("lifecycle.retry.initial-backoff", "1s");
		set("lifecycle.retry.max-backoff", "1m");
		set("lifecycle.retry.jitter", "0.5");
		TokenClientDefinition definition = map("memories");
		assertThat(definition.getGrant()).isEqualTo(TokenGrant.LOGIN);
		assertThat(definition.getCredentials().values()).containsExactly(Map.entry("username", "alice@example.com"),
				Map.entry("password", SECRET), Map.entry("app-id", "app-42"));
		TokenRequestSpec request = definition.getTokenEndpoint().request();
		assertThat(request.method()).isEqualTo(HttpMethod.PUT);
		assertThat(request.uri()).isEqualTo("https://api.example.com/v1/login?lang=en");
		assertThat(request.bodyFormat()).isEqualTo(BodyFormat.FORM);
		assertThat(request.body()).containsExactly(Map.entry("email", "{username}"),
				Map.entry("password", "{password}"));
		assertThat(request.query()).containsExactly(Map.entry("app", "{app-id}"));
		assertThat(request.headers()).containsExactly(Map.entry("X-App-Id", "{app-id}"));
		assertThat(request.clientAuthentication()).isEqualTo(ClientAuthentication.BASIC);
		TokenResponseSpec response = definition.getTokenEndpoint().response();
		assertThat(response.accessToken()).isEqualTo(ResponseSource.body("/data/accessToken"));
		assertThat(response.refreshToken()).isEqualTo(ResponseSource.body("/data/refreshToken"));
		assertThat(response.tokenType()).isNull();
		assertThat(response.expiry()).isEqualTo(new ExpirySpec(ResponseSource.body("/data/expiresAt"),
				ExpiryKind.EPOCH_MILLIS, Duration.ofHours(2)));
		assertThat(response.refreshExpiry())
			.isEqualTo(new ExpirySpec(ResponseSource.body("/data/refreshExpiresAt"), ExpiryKind.ISO_INSTANT, null));
		assertThat(response.success()).isEqualTo(new ResponseValueRule(ResponseSource.body("/code"), Set.of("0000")));
		assertThat(response.errorCode()).containsExactly(ResponseSource.body("/code"));
		assertThat(response.errorMessage()).containsExactly(ResponseSource.body("/msg"));
		assertThat(definition.getAttach()).isEqualTo(new AttachSpec("X-Token", null, null));
		assertThat(definition.getInvalidToken()).isEqualTo(new InvalidTokenSpec(Set.of(401, 403),
				List.of(new JsonValueRule(JsonPointer.compile("/error/code"), Set.of("ApiInvalidTokenError")))));
		LifecycleSpec lifecycle = definition.getLifecycle();
		assertThat(lifecycle.refreshAheadRatio()).isEqualTo(0.5);
		assertThat(lifecycle.refreshAheadWindow()).isEqualTo(Duration.ofMinutes(5));
		assertThat(lifecycle.clockSkew()).isEqualTo(Duration.ofSeconds(10));
		assertThat(lifecycle.budget()).isEqualTo(new LifecycleSpec.IssuanceBudgetSpec(50, Duration.ofHours(12)));
		assertThat(lifecycle.retry()).isEqualTo(
				new LifecycleSpec.RetrySpec(5, Duration.ofSeconds(1), Duration.ofMinutes(1), 0.5));
	}

	@Test
	void mapWhenDocumentedYamlShapeThenEveryKeyBinds() throws Exception {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("token-starter-full.yml",
				new ClassPathResource("token-starter-full.yml"));
		TokenStarterProperties properties = new Binder(ConfigurationPropertySources.from(sources))
			.bindOrCreate("token-starter", TokenStarterProperties.class);
		TokenClientDefinition definition = this.mapper.map(properties).find("memories");
		assertThat(definition).isNotNull();
		assertThat(definition.getGrant()).isEqualTo(TokenGrant.LOGIN);
		assertThat(definition.getCredentials().names()).containsExactly("client-id", "client-secret", "username",
				"password", "app-id");
		TokenRequestSpec request = definition.getTokenEndpoint().request();
		assertThat(request.body()).containsExactly(Map.entry("client_id", "{client-id}"),
				Map.entry("email", "{username}"), Map.entry("password", "{password}"), Map.entry("appId", "{app-id}"));
		assertThat(request.query()).containsExactly(Map.entry("scope", "edit"));
		TokenResponseSpec response = definition.getTokenEndpoint().response();
		assertThat(response.accessToken()).isEqualTo(ResponseSource.body("/data/access_token"));
		assertThat(response.expiry()).isEqualTo(ExpirySpec.seconds("/data/expires_in"));
		assertThat(response.refreshExpiry()).isEqualTo(ExpirySpec.none());
		assertThat(response.success()).isEqualTo(new ResponseValueRule(ResponseSource.body("/code"), Set.of("0000")));
		assertThat(response.errorCode()).isEqualTo(TokenResponseSpec.DEFAULT_ERROR_CODE);
		assertThat(definition.getRefreshEndpoint().request().body())
			.containsExactly(Map.entry("refreshToken", "{refresh-token}"));
		assertThat(definition.getRefreshEndpoint().response().accessToken()).isEqualTo(response.accessToken());
		assertThat(definition.getRefreshEndpoint().response().refreshToken())
			.isEqualTo(ResponseSource.body("/data/refreshToken"));
		assertThat(definition.getAttach()).isEqualTo(AttachSpec.bearer());
		assertThat(definition.getInvalidToken().bodyRules()).containsExactly(
				new JsonValueRule(JsonPointer.compile("/error/code"), Set.of("ApiInvalidTokenError")));
		assertThat(definition.getLifecycle()).isEqualTo(LifecycleSpec.defaults());
	}

	@Test
	void mapWhenRefreshResponseNotSetThenTokenResponseMappingUsed() {
		set("grant", "login");
		set("username", "alice");
		set("password", SECRET);
		set("token.uri", "https://api.example.com/login");
		set("token.response.access-token", "/data/accessToken");
		set("token.response.expires", "/data/expiresAt");
		set("token.response.expires-kind", "epoch-seconds");
		set("refresh.uri", "https://api.example.com/refresh");
		set("refresh.body.refreshToken", "{refresh-token}");
		TokenClientDefinition definition = map("memories");
		assertThat(definition.getRefreshEndpoint()).isNotNull();
		assertThat(definition.getRefreshEndpoint().request().body())
			.containsExactly(Map.entry("refreshToken", "{refresh-token}"));
		assertThat(definition.getRefreshEndpoint().response()).isEqualTo(definition.getTokenEndpoint().response());
	}

	@Test
	void mapWhenRefreshResponseSetThenItOverridesTokenResponseMapping() {
		set("token.uri", "https://api.example.com/login");
		set("token.response.access-token", "/data/accessToken");
		set("token.response.expires-kind", "jwt-exp");
		set("refresh.uri", "https://api.example.com/refresh");
		set("refresh.body-format", "form");
		set("refresh.body.refresh", "{refresh-token}");
		set("refresh.response.access-token", "/access");
		TokenClientDefinition definition = map("memories");
		TokenResponseSpec refreshResponse = definition.getRefreshEndpoint().response();
		assertThat(refreshResponse.accessToken()).isEqualTo(ResponseSource.body("/access"));
		assertThat(refreshResponse.expiry().kind()).isEqualTo(ExpiryKind.JWT_EXP);
		assertThat(definition.getRefreshEndpoint().request().bodyFormat()).isEqualTo(BodyFormat.FORM);
	}

	@Test
	void mapWhenAttachQueryParameterThenTokenGoesInQuery() {
		set("token.uri", "https://api.example.com/login");
		set("attach.query-parameter", "access_token");
		assertThat(map("memories").getAttach()).isEqualTo(new AttachSpec(null, null, "access_token"));
	}

	@Test
	void mapWhenBracketedClientIdThenKeyInBrackets() {
		this.properties.put("token-starter.clients[api.v2].token.uri", "");
		assertThatExceptionOfType(InvalidTokenClientConfigurationException.class).isThrownBy(() -> map("api.v2"))
			.withMessage("Token client 'api.v2': token-starter.clients[api.v2].token.uri must not be empty.");
	}

	@Test
	void mapWhenTokenUriMissingThenFailureNamesKey() {
		set("grant", "login");
		assertFailure("token.uri must not be empty", "token.uri");
	}

	@Test
	void mapWhenTokenUriRelativeThenFailureNamesKey() {
		set("token.uri", "/oauth/token");
		assertFailure("token.uri is not an absolute http or https URI", "token.uri");
	}

	@Test
	void mapWhenInvalidJsonPointerThenFailureNamesKeyAndPointer() {
		set("token.uri", "https://api.example.com/login");
		set("token.response.access-token", "/data/accessToken~");
		assertFailure("token.response.access-token '/data/accessToken~' is not a valid JSON Pointer",
				"token.response.access-token");
	}

	@Test
	void mapWhenHeaderSourcesThenHeaderSourcesAndBodyPointersMixed() {
		set("token.uri", "https://keystone.example.com/v3/auth/tokens");
		set("token.response.access-token", "header:X-Subject-Token");
		set("token.response.expires", "/token/expires_at");
		set("token.response.expires-kind", "iso-instant");
		set("token.response.success-pointer", "HEADER: X-Status");
		set("token.response.error-code[0]", "header:X-Error");
		set("token.response.error-code[1]", "/error/code");
		TokenResponseSpec response = map("memories").getTokenEndpoint().response();
		assertThat(response.accessToken()).isEqualTo(ResponseSource.header("X-Subject-Token"));
		assertThat(response.expiry().source()).isEqualTo(ResponseSource.body("/token/expires_at"));
		assertThat(response.success()).isEqualTo(new ResponseValueRule(ResponseSource.header("X-Status"), Set.of()));
		assertThat(response.errorCode()).containsExactly(ResponseSource.header("X-Error"),
				ResponseSource.body("/error/code"));
		assertThat(response.format()).isEqualTo(ResponseFormat.AUTO);
	}

	@Test
	void mapWhenResponseFormatFormThenFormAndRefreshInheritsIt() {
		set("token.uri", "https://github.com/login/oauth/access_token");
		set("token.response.format", "FORM");
		set("refresh.uri", "https://github.com/login/oauth/access_token");
		TokenClientDefinition definition = map("memories");
		assertThat(definition.getTokenEndpoint().response().format()).isEqualTo(ResponseFormat.FORM);
		assertThat(definition.getRefreshEndpoint().response().format()).isEqualTo(ResponseFormat.FORM);
	}

	@Test
	void mapWhenResponseFormatUnknownThenFailureListsFormats() {
		set("token.uri", "https://api.example.com/login");
		set("token.response.format", "xml");
		assertFailure("token.response.format 'xml' is not one of auto, json, form", "token.response.format");
	}

	@Test
	void mapWhenHeaderSourceWithoutNameThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("token.response.access-token", "header: X Token");
		assertFailure("token.response.access-token 'header: X Token' does not name a header",
				"token.response.access-token");
	}

	@Test
	void mapWhenPointerWithoutLeadingSlashThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("token.response.error-code[1]", "/code");
		set("token.response.error-code[0]", "data.code");
		assertFailure("token.response.error-code[0] 'data.code' is not a valid JSON Pointer",
				"token.response.error-code[0]");
	}

	@Test
	void mapWhenUnknownExpiresKindThenFailureListsAcceptedValues() {
		set("token.uri", "https://api.example.com/login");
		set("token.response.expires-kind", "fortnight");
		InvalidTokenClientConfigurationException failure = assertFailure(
				"token.response.expires-kind 'fortnight' is not one of seconds, epoch-seconds, epoch-millis, "
						+ "iso-instant, jwt-exp, lifetime",
				"token.response.expires-kind");
		assertThat(failure.getAction())
			.isEqualTo("Set " + P + "token.response.expires-kind to one of seconds, epoch-seconds, epoch-millis, "
					+ "iso-instant, jwt-exp, lifetime.");
	}

	@Test
	void mapWhenEnumValueInOtherCaseThenAccepted() {
		set("grant", "CLIENT_CREDENTIALS");
		set("token.uri", "https://api.example.com/login");
		set("token.response.expires-kind", "Epoch-Seconds");
		TokenClientDefinition definition = map("memories");
		assertThat(definition.getGrant()).isEqualTo(TokenGrant.CLIENT_CREDENTIALS);
		assertThat(definition.getTokenEndpoint().response().expiry().kind()).isEqualTo(ExpiryKind.EPOCH_SECONDS);
	}

	@Test
	void mapWhenUnknownGrantThenFailureListsAcceptedValues() {
		set("grant", "password");
		set("token.uri", "https://api.example.com/login");
		assertFailure("grant 'password' is not one of login, client-credentials, code, self-signed-jwt", "grant");
	}

	@Test
	void mapWhenUnknownMethodThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("refresh.uri", "https://api.example.com/refresh");
		set("refresh.method", "FETCH");
		assertFailure("refresh.method 'FETCH' is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE",
				"refresh.method");
	}

	@Test
	void mapWhenUndefinedTemplateVariableThenFailureNamesKeyAndVariable() {
		set("token.uri", "https://api.example.com/login");
		set("token.body.app_id", "{app-id}");
		InvalidTokenClientConfigurationException failure = assertFailure(
				"token.body.app_id refers to {app-id}, which is not set", "token.body.app_id");
		assertThat(failure.getAction())
			.isEqualTo("Add app-id under " + P + "parameters, or correct the variable name.");
	}

	@Test
	void mapWhenUnsetCredentialInUriThenFailureSaysWhichKeyToSet() {
		set("token.uri", "https://api.example.com/login/{client-id}");
		InvalidTokenClientConfigurationException failure = assertFailure(
				"token.uri refers to {client-id}, which is not set", "token.uri");
		assertThat(failure.getAction()).isEqualTo("Set " + P + "client-id.");
	}

	@Test
	void mapWhenRefreshTokenVariableInTokenRequestThenFailure() {
		set("token.uri", "https://api.example.com/login");
		set("token.headers.X-Refresh", "{refresh-token}");
		assertFailure("token.headers.X-Refresh refers to {refresh-token}, which only refresh requests have",
				"token.headers.X-Refresh");
	}

	@Test
	void mapWhenBodyWithBodyFormatNoneThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("token.body-format", "none");
		set("password", SECRET);
		set("token.body.password", "{password}");
		assertFailure("token.body must be empty when body-format is none", "token.body");
	}

	@Test
	void mapWhenBasicWithoutSecretThenFailureNamesKey() {
		set("grant", "code");
		set("token.uri", "https://api.example.com/login");
		set("client-id", "memories-client");
		set("token.client-authentication", "basic");
		assertFailure("token.client-authentication basic needs {client-id} and {code} of grant "
				+ "code, which are not both set", "token.client-authentication");
	}

	@Test
	void mapWhenLifetimeKindWithoutLifetimeThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("token.response.expires-kind", "lifetime");
		assertFailure("token.response.lifetime must be set when expires-kind is lifetime", "token.response.lifetime");
	}

	@Test
	void mapWhenSuccessValuesWithoutPointerThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("token.response.success-values[0]", "0000");
		assertFailure("token.response.success-pointer must be set when success-values are",
				"token.response.success-pointer");
	}

	@Test
	void mapWhenParameterRedefinesCredentialThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("parameters.password", SECRET);
		assertFailure("parameters.password redefines the credential variable {password}", "parameters.password");
	}

	@Test
	void mapWhenRefreshKeysWithoutUriThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("refresh.body.refresh", "{refresh-token}");
		assertFailure("refresh.uri must not be empty when other refresh keys are set", "refresh.uri");
	}

	@Test
	void mapWhenRefreshAheadRatioOutOfRangeThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("lifecycle.refresh-ahead-ratio", "1.5");
		assertFailure("lifecycle.refresh-ahead-ratio '1.5' is not above 0 and at most 1",
				"lifecycle.refresh-ahead-ratio");
	}

	@Test
	void mapWhenBudgetLimitNotPositiveThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("lifecycle.budget.limit", "0");
		assertFailure("lifecycle.budget.limit must be positive", "lifecycle.budget.limit");
	}

	@Test
	void mapWhenBudgetWindowsAndMinimumIntervalThenEveryLimitInOrder() {
		set("token.uri", "https://api.example.com/login");
		set("lifecycle.budget.limit", "50");
		set("lifecycle.budget.windows[0].limit", "5");
		set("lifecycle.budget.windows[0].period", "1m");
		set("lifecycle.budget.windows[1].limit", "20");
		set("lifecycle.budget.windows[1].period", "1h");
		set("lifecycle.budget.min-interval", "10s");
		assertThat(map("memories").getLifecycle().budget()).isEqualTo(new IssuanceBudgetSpec(
				List.of(new BudgetLimit(50, Duration.ofDays(1)), new BudgetLimit(5, Duration.ofMinutes(1)),
						new BudgetLimit(20, Duration.ofHours(1))),
				Duration.ofSeconds(10)));
	}

	@Test
	void mapWhenMinimumIntervalAloneThenBudgetOfThatIntervalOnly() {
		set("token.uri", "https://api.example.com/login");
		set("lifecycle.budget.min-interval", "5m");
		assertThat(map("memories").getLifecycle().budget())
			.isEqualTo(new IssuanceBudgetSpec(List.of(), Duration.ofMinutes(5)));
	}

	@Test
	void mapWhenBudgetWindowLacksItsPeriodThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("lifecycle.budget.windows[0].limit", "5");
		assertFailure("lifecycle.budget.windows[0].period must be set", "lifecycle.budget.windows[0].period");
	}

	@Test
	void mapWhenBudgetWindowLimitNotPositiveThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("lifecycle.budget.windows[0].limit", "-1");
		set("lifecycle.budget.windows[0].period", "1h");
		assertFailure("lifecycle.budget.windows[0].limit must be positive", "lifecycle.budget.windows[0].limit");
	}

	@Test
	void mapWhenMinimumIntervalNotPositiveThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("lifecycle.budget.min-interval", "0s");
		assertFailure("lifecycle.budget.min-interval must be positive", "lifecycle.budget.min-interval");
	}

	@Test
	void mapWhenMaxBackoffBelowInitialThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("lifecycle.retry.initial-backoff", "10s");
		set("lifecycle.retry.max-backoff", "1s");
		assertFailure("lifecycle.retry.max-backoff must not be less than initial-backoff",
				"lifecycle.retry.max-backoff");
	}

	@Test
	void mapWhenInvalidStatusThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("invalid-token.statuses[0]", "4010");
		assertFailure("invalid-token.statuses[0] '4010' is not an HTTP status", "invalid-token.statuses[0]");
	}

	@Test
	void mapWhenBaseUrlNotAbsoluteThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("base-url", "api.example.com");
		assertFailure("base-url is not an absolute http or https URL", "base-url");
	}

	@Test
	void mapWhenReadTimeoutZeroThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("read-timeout", "0s");
		assertFailure("read-timeout must be positive", "read-timeout");
	}

	@Test
	void mapWhenAcquireTimeoutZeroThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("acquire-timeout", "0s");
		assertFailure("acquire-timeout must be positive", "acquire-timeout");
	}

	@Test
	void mapWhenMaxResponseSizeZeroOrHugeThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("max-response-size", "0B");
		assertFailure("max-response-size must be between 1B and 2GB", "max-response-size");
		set("max-response-size", "3GB");
		assertFailure("max-response-size must be between 1B and 2GB", "max-response-size");
	}

	@Test
	void mapWhenDeliveryUnsetThenResponseDelivery() {
		set("token.uri", "https://api.example.com/login");
		assertThat(map("memories").getTokenEndpoint().delivery()).isEqualTo(TokenDelivery.RESPONSE);
	}

	@Test
	void mapWhenDeliveryCallbackThenCallbackDeliveryWithTimeoutAndCallbackVariablesAllowed() {
		setCallback("token.body.callbackUri", "{callback-uri}");
		set("token.headers.X-State", "{callback-state}");
		set("token.callback-timeout", "45s");
		TokenEndpointSpec endpoint = map("memories").getTokenEndpoint();
		assertThat(endpoint.delivery()).isEqualTo(TokenDelivery.CALLBACK);
		assertThat(endpoint.callbackTimeout()).isEqualTo(Duration.ofSeconds(45));
		assertThat(endpoint.request().body()).containsEntry("callbackUri", "{callback-uri}");
	}

	@Test
	void mapWhenDeliveryCallbackThenDefaultTimeoutThirtySeconds() {
		setCallback("token.body.callbackUri", "{callback-uri}");
		assertThat(map("memories").getTokenEndpoint().callbackTimeout()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void mapWhenUnknownDeliveryThenFailureListsAcceptedValues() {
		set("token.uri", "https://api.example.com/login");
		set("token.delivery", "webhook");
		assertFailure("token.delivery 'webhook' is not one of response, callback", "token.delivery");
	}

	@Test
	void mapWhenDeliveryCallbackWithoutCallbackVariableThenFailureNamesKey() {
		setCallback("token.body.code", "{code}");
		set("code", SECRET);
		InvalidTokenClientConfigurationException failure = assertFailure(
				"token.body must refer to {callback-uri} or {callback-state} when delivery is callback", "token.body");
		assertThat(failure.getAction()).contains("callbackUri: \"{callback-uri}\"");
	}

	@Test
	void mapWhenCallbackVariableWithoutCallbackDeliveryThenFailureSaysToSetDelivery() {
		set("token.uri", "https://api.example.com/login");
		set("token.body.callbackUri", "{callback-uri}");
		InvalidTokenClientConfigurationException failure = assertFailure(
				"token.body.callbackUri refers to {callback-uri}, which only requests of callback delivery have",
				"token.body.callbackUri");
		assertThat(failure.getAction()).isEqualTo("Set " + P + "token.delivery to callback, or remove the variable.");
	}

	@Test
	void mapWhenCallbackTimeoutZeroThenFailureNamesKey() {
		setCallback("token.body.callbackUri", "{callback-uri}");
		set("token.callback-timeout", "0s");
		assertFailure("token.callback-timeout must be positive", "token.callback-timeout");
	}

	@Test
	void mapWhenParameterRedefinesCallbackVariableThenFailureNamesKey() {
		set("token.uri", "https://api.example.com/login");
		set("parameters.callback-state", "fixed");
		assertFailure("parameters.callback-state redefines the variable {callback-state}, which token-starter sets "
				+ "for callback delivery", "parameters.callback-state");
	}

	@Test
	void mapWhenDeliveryCallbackWithoutBaseUrlThenFailureNamesCallbackKey() {
		setCallback("token.body.callbackUri", "{callback-uri}");
		this.properties.remove("token-starter.callback.base-url");
		InvalidTokenClientConfigurationException failure = catchFailure();
		assertThat(failure).hasMessage("Token client 'memories': token-starter.callback.base-url must be set when a "
				+ "client's token delivery is callback.");
		assertThat(failure.getProperty()).isEqualTo("token-starter.callback.base-url");
		assertThat(failure.getAction()).startsWith("Set token-starter.callback.base-url to the public base URL");
	}

	@Test
	void mapWhenCallbackBaseUrlNotAbsoluteThenFailureNamesCallbackKey() {
		setCallback("token.body.callbackUri", "{callback-uri}");
		this.properties.put("token-starter.callback.base-url", "app.example.com");
		assertThat(catchFailure().getProperty()).isEqualTo("token-starter.callback.base-url");
	}

	@Test
	void mapWhenCallbackPathWithoutLeadingSlashThenFailureNamesCallbackKey() {
		setCallback("token.body.callbackUri", "{callback-uri}");
		this.properties.put("token-starter.callback.path", "callback/{id}");
		assertThat(catchFailure().getProperty()).isEqualTo("token-starter.callback.path");
	}

	@Test
	void callbackUriWhenCallbackDeliveryThenBaseUrlAndPathWithoutTrailingSlashes() {
		setCallback("token.body.callbackUri", "{callback-uri}");
		this.properties.put("token-starter.callback.base-url", "https://app.example.com/ctx/");
		this.properties.put("token-starter.callback.path", "/hooks/tokens/");
		assertThat(this.mapper.callbackUri(bind())).isEqualTo("https://app.example.com/ctx/hooks/tokens");
		this.properties.remove("token-starter.callback.path");
		assertThat(this.mapper.callbackUri(bind())).isEqualTo("https://app.example.com/ctx/token-starter/callback");
	}

	@Test
	void callbackUriWhenOnlyRefreshDeliveryIsCallbackThenBaseUrlRequired() {
		set("token.uri", "https://api.example.com/login");
		set("refresh.uri", "https://api.example.com/refresh");
		set("refresh.delivery", "callback");
		set("refresh.body.refresh", "{refresh-token}");
		set("refresh.body.callbackUri", "{callback-uri}");
		assertThat(catchFailure().getProperty()).isEqualTo("token-starter.callback.base-url");
	}

	@Test
	void callbackUriWhenNoCallbackDeliveryThenNullAndBaseUrlNotRequired() {
		set("token.uri", "https://api.example.com/login");
		assertThat(this.mapper.callbackUri(bind())).isNull();
	}

	private void setCallback(String key, String value) {
		set("token.uri", "https://api.example.com/auth/api/token/getAccessToken");
		set("token.delivery", "callback");
		set(key, value);
		this.properties.put("token-starter.callback.base-url", "https://app.example.com");
	}

	private InvalidTokenClientConfigurationException catchFailure() {
		try {
			this.mapper.map(bind());
		}
		catch (InvalidTokenClientConfigurationException ex) {
			return ex;
		}
		throw new AssertionError("Expected an InvalidTokenClientConfigurationException");
	}

	private void set(String key, String value) {
		this.properties.put(P + key, value);
	}

	private TokenClientDefinition map(String id) {
		TokenClientDefinitions definitions = this.mapper.map(bind());
		TokenClientDefinition definition = definitions.find(id);
		assertThat(definition).isNotNull();
		return definition;
	}

	private TokenStarterProperties bind() {
		return new Binder(new MapConfigurationPropertySource(this.properties)).bindOrCreate("token-starter",
				TokenStarterProperties.class);
	}

	private InvalidTokenClientConfigurationException assertFailure(String problem, String key) {
		this.properties.putIfAbsent(P + "client-secret", SECRET);
		TokenStarterProperties properties = bind();
		InvalidTokenClientConfigurationException failure = null;
		try {
			this.mapper.map(properties);
		}
		catch (InvalidTokenClientConfigurationException ex) {
			failure = ex;
		}
		assertThat(failure).isNotNull();
		assertThat(failure).hasMessage("Token client 'memories': " + P + problem + ".");
		assertThat(failure.getClientId()).isEqualTo("memories");
		assertThat(failure.getProperty()).isEqualTo(P + key);
		assertThat(failure.getAction()).isNotBlank().doesNotContain(SECRET);
		assertThat(failure.getMessage()).doesNotContain(SECRET);
		return failure;
	}

}
