package dev.tokenstarter.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

import dev.tokenstarter.autoconfigure.TokenStarterProperties.Attach;
import dev.tokenstarter.autoconfigure.TokenStarterProperties.Budget;
import dev.tokenstarter.autoconfigure.TokenStarterProperties.BudgetWindow;
import dev.tokenstarter.autoconfigure.TokenStarterProperties.Client;
import dev.tokenstarter.autoconfigure.TokenStarterProperties.Endpoint;
import dev.tokenstarter.autoconfigure.TokenStarterProperties.InvalidToken;
import dev.tokenstarter.autoconfigure.TokenStarterProperties.Jwt;
import dev.tokenstarter.autoconfigure.TokenStarterProperties.Lifecycle;
import dev.tokenstarter.autoconfigure.TokenStarterProperties.Response;
import dev.tokenstarter.autoconfigure.TokenStarterProperties.Retry;
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
import dev.tokenstarter.core.definition.LifecycleSpec.RetrySpec;
import dev.tokenstarter.core.definition.RawBody;
import dev.tokenstarter.core.definition.ResponseFormat;
import dev.tokenstarter.core.definition.ResponseSource;
import dev.tokenstarter.core.definition.ResponseValueRule;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.definition.TokenCredentials;
import dev.tokenstarter.core.definition.TokenDelivery;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.definition.TokenResponseSpec;
import dev.tokenstarter.core.jwt.JwtAssertionMinter;
import dev.tokenstarter.core.jwt.JwtAssertionSpec;
import dev.tokenstarter.core.request.RawBodies;
import dev.tokenstarter.core.request.Templates;
import dev.tokenstarter.core.request.TokenRequestFactory;

/**
 * Maps {@link TokenStarterProperties} to token client definitions, checking everything that would
 * otherwise fail later, on the first token request. A wrong value fails with an
 * {@link InvalidTokenClientConfigurationException} whose message names the client and the full
 * property key, and never shows a credential.
 *
 * @author token-starter
 */
public final class TokenClientDefinitionMapper {

	private static final String PREFIX = "token-starter.clients";

	private static final String CALLBACK_PREFIX = "token-starter.callback";

	private static final List<String> CALLBACK_VARIABLES = List.of(TokenRequestFactory.CALLBACK_URI,
			TokenRequestFactory.CALLBACK_STATE);

	private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

	private static final List<String> CREDENTIALS = List.of("client-id", "client-secret", "username", "password",
			"code");

	private static final List<String> JWT_VARIABLES = List.of(JwtAssertionMinter.ASSERTION,
			JwtAssertionMinter.CLIENT_ASSERTION);

	private final ResourceLoader resourceLoader;

	/**
	 * Create a mapper that reads {@code file:} and {@code classpath:} signing keys with a
	 * {@link DefaultResourceLoader}.
	 */
	public TokenClientDefinitionMapper() {
		this(new DefaultResourceLoader());
	}

	/**
	 * Create a mapper that reads signing keys given as locations with the given resource loader.
	 * @param resourceLoader the resource loader, usually the application context
	 */
	public TokenClientDefinitionMapper(ResourceLoader resourceLoader) {
		Assert.notNull(resourceLoader, "resourceLoader cannot be null");
		this.resourceLoader = resourceLoader;
	}

	/**
	 * Map every client of the properties.
	 * @param properties the properties
	 * @return the definitions, in configuration order
	 * @throws InvalidTokenClientConfigurationException when a client's configuration cannot work
	 */
	public TokenClientDefinitions map(TokenStarterProperties properties) {
		Assert.notNull(properties, "properties cannot be null");
		List<TokenClientDefinition> definitions = new ArrayList<>();
		properties.getClients().forEach((id, client) -> definitions.add(map(id, client)));
		callbackUri(properties);
		return new TokenClientDefinitions(definitions);
	}

	/**
	 * Return the URL of the callback endpoint as APIs reach it, {@code token-starter.callback.base-url}
	 * followed by {@code token-starter.callback.path}, to which the registration id of a client is
	 * appended.
	 * @param properties the properties
	 * @return the URL, or {@code null} when no client's token delivery is callback
	 * @throws InvalidTokenClientConfigurationException when a client's token delivery is callback and the
	 * base URL is missing or the base URL or path is not valid
	 */
	public @Nullable String callbackUri(TokenStarterProperties properties) {
		Assert.notNull(properties, "properties cannot be null");
		String clientId = properties.getClients()
			.entrySet()
			.stream()
			.filter((entry) -> isCallback(entry.getValue().getToken()) || isCallback(entry.getValue().getRefresh()))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(null);
		if (clientId == null) {
			return null;
		}
		String baseUrl = properties.getCallback().getBaseUrl();
		String path = properties.getCallback().getPath();
		String action = "Set " + CALLBACK_PREFIX + ".base-url to the public base URL of this application as the API"
				+ " reaches it, context path included, such as https://app.example.com.";
		if (!StringUtils.hasText(baseUrl)) {
			throw new InvalidTokenClientConfigurationException(clientId, CALLBACK_PREFIX + ".base-url",
					"must be set when a client's token delivery is callback", action);
		}
		baseUrl = StringUtils.trimTrailingCharacter(baseUrl.trim(), '/');
		if (!ClientMapping.isHttpUri(baseUrl) || baseUrl.contains("?") || baseUrl.contains("#")) {
			throw new InvalidTokenClientConfigurationException(clientId, CALLBACK_PREFIX + ".base-url",
					"is not an absolute http or https URL without query", action);
		}
		if (!StringUtils.hasText(path) || !path.trim().startsWith("/") || !path.trim().matches("[A-Za-z0-9/._~-]+")) {
			throw new InvalidTokenClientConfigurationException(clientId, CALLBACK_PREFIX + ".path",
					"is not a path such as /token-starter/callback",
					"Set " + CALLBACK_PREFIX + ".path to a path starting with '/', without query or variables.");
		}
		return baseUrl + StringUtils.trimTrailingCharacter(path.trim(), '/');
	}

	private static boolean isCallback(Endpoint endpoint) {
		return endpoint.getDelivery() != null
				&& kebab(TokenDelivery.CALLBACK).equalsIgnoreCase(endpoint.getDelivery().trim());
	}

	/**
	 * Map one client.
	 * @param registrationId the client's registration id, its key under {@code token-starter.clients}
	 * @param client the client's properties
	 * @return the definition
	 * @throws InvalidTokenClientConfigurationException when the client's configuration cannot work
	 */
	public TokenClientDefinition map(String registrationId, Client client) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.notNull(client, "client cannot be null");
		return new ClientMapping(registrationId, client, this.resourceLoader).definition();
	}

	/**
	 * Return the full property key of a client, such as {@code token-starter.clients.memories}.
	 * @param registrationId the client's registration id
	 * @return the key
	 */
	static String clientKey(String registrationId) {
		return entryKey(PREFIX, registrationId);
	}

	static String entryKey(String parent, String name) {
		return SIMPLE_KEY.matcher(name).matches() ? parent + "." + name : parent + "[" + name + "]";
	}

	private static String kebab(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * The mapping of one client, which knows its id and key to name them in every failure.
	 */
	static final class ClientMapping {

		private final String id;

		private final String prefix;

		private final Client client;

		private final ResourceLoader resourceLoader;

		ClientMapping(String id, Client client, ResourceLoader resourceLoader) {
			this.id = id;
			this.prefix = clientKey(id);
			this.client = client;
			this.resourceLoader = resourceLoader;
		}

		TokenClientDefinition definition() {
			TokenGrant grant = choice("grant", this.client.getGrant(), TokenGrant.values(),
					TokenClientDefinitionMapper::kebab);
			TokenCredentials credentials = credentials();
			JwtAssertionSpec jwt = new JwtMapping(this, this.client.getJwt(), this.resourceLoader).map(grant,
					credentials.names(), usesPrivateKeyJwt());
			Set<String> variables = JwtMapping.variables(credentials.names(), jwt);
			TokenResponseSpec tokenResponse = response("token.response", this.client.getToken().getResponse(),
					TokenResponseSpec.oauth2());
			TokenEndpointSpec tokenEndpoint = grant.isSelfSigned() ? selfSignedEndpoint()
					: endpoint("token", this.client.getToken(), grant, variables, tokenResponse);
			TokenEndpointSpec refreshEndpoint = refreshEndpoint(grant, variables, tokenResponse);
			checkTimeouts();
			checkBaseUrl();
			TokenClientDefinition.Builder builder = TokenClientDefinition.withRegistrationId(this.id).jwt(jwt);
			if (tokenEndpoint != null) {
				builder.tokenEndpoint(tokenEndpoint);
			}
			return builder.grant(grant)
				.credentials(credentials)
				.refreshEndpoint(refreshEndpoint)
				.attach(attach())
				.invalidToken(invalidToken())
				.lifecycle(lifecycle())
				.build();
		}

		private TokenCredentials credentials() {
			Map<String, @Nullable String> values = new LinkedHashMap<>();
			putIfSet(values, "client-id", this.client.getClientId());
			putIfSet(values, "client-secret", this.client.getClientSecret());
			putIfSet(values, "username", this.client.getUsername());
			putIfSet(values, "password", this.client.getPassword());
			putIfSet(values, "code", this.client.getCode());
			this.client.getParameters().forEach((name, value) -> {
				String path = entryKey("parameters", name);
				if (CREDENTIALS.contains(name)) {
					throw fail(path, "redefines the credential variable {" + name + "}",
							"Set " + key(name) + " instead of a parameter of that name.");
				}
				if (TokenRequestFactory.REFRESH_TOKEN.equals(name)) {
					throw fail(path, "redefines the variable {" + name + "}, which holds the refresh token",
							"Rename the parameter.");
				}
				if (CALLBACK_VARIABLES.contains(name)) {
					throw fail(path, "redefines the variable {" + name + "}, which token-starter sets for callback"
							+ " delivery", "Rename the parameter.");
				}
				if (JWT_VARIABLES.contains(name)) {
					throw fail(path, "redefines the variable {" + name + "}, which holds a JWT token-starter signs",
							"Rename the parameter.");
				}
				putIfSet(values, name, value);
			});
			return TokenCredentials.of(values);
		}

		private boolean usesPrivateKeyJwt() {
			return isPrivateKeyJwt(this.client.getToken()) || isPrivateKeyJwt(this.client.getRefresh());
		}

		private static boolean isPrivateKeyJwt(Endpoint endpoint) {
			return endpoint.getClientAuthentication() != null && kebab(ClientAuthentication.PRIVATE_KEY_JWT)
				.equalsIgnoreCase(endpoint.getClientAuthentication().trim().replace('_', '-'));
		}

		/**
		 * Return the token endpoint of the self-signed JWT grant, which has none: its keys must be left
		 * unset, and the definition's builder fills in a placeholder that is never sent.
		 */
		private @Nullable TokenEndpointSpec selfSignedEndpoint() {
			Endpoint token = this.client.getToken();
			if (StringUtils.hasText(token.getUri()) || !token.getBody().isEmpty() || !token.getQuery().isEmpty()
					|| !token.getHeaders().isEmpty()) {
				throw fail("token.uri", "must not be set with grant self-signed-jwt, whose tokens are JWTs signed"
						+ " by the client, with no token endpoint",
						"Remove the token keys, or set " + key("grant") + " to the grant of the token endpoint.");
			}
			if (StringUtils.hasText(this.client.getRefresh().getUri())) {
				throw fail("refresh.uri", "must not be set with grant self-signed-jwt",
						"Remove the refresh keys: a new JWT is signed before the current one expires.");
			}
			return null;
		}

		private static void putIfSet(Map<String, @Nullable String> values, String name, @Nullable String value) {
			if (StringUtils.hasLength(value)) {
				values.put(name, value);
			}
		}

		private TokenEndpointSpec endpoint(String path, Endpoint endpoint, TokenGrant grant, Set<String> variables,
				TokenResponseSpec response) {
			String uri = endpoint.getUri();
			if (!StringUtils.hasText(uri)) {
				throw fail(path + ".uri", "must not be empty",
						"Set " + key(path + ".uri")
								+ " to the endpoint's URI, such as https://api.example.com/oauth/token.");
			}
			uri = uri.trim();
			TokenDelivery delivery = choice(path + ".delivery", endpoint.getDelivery(), TokenDelivery.values(),
					TokenClientDefinitionMapper::kebab);
			if (delivery == TokenDelivery.CALLBACK) {
				variables = new LinkedHashSet<>(variables);
				variables.addAll(CALLBACK_VARIABLES);
				checkRefersToCallback(path, uri, endpoint);
			}
			checkVariables(path + ".uri", uri, variables);
			checkUri(path + ".uri", uri);
			HttpMethod method = choice(path + ".method", endpoint.getMethod(), HttpMethod.values(), HttpMethod::name);
			BodyFormat bodyFormat = choice(path + ".body-format", endpoint.getBodyFormat(), BodyFormat.values(),
					TokenClientDefinitionMapper::kebab);
			ClientAuthentication authentication = choice(path + ".client-authentication",
					endpoint.getClientAuthentication(), ClientAuthentication.values(),
					TokenClientDefinitionMapper::kebab);
			Map<String, Object> body = BodyTree.of(endpoint.getBody());
			if ((bodyFormat == BodyFormat.NONE || bodyFormat == BodyFormat.RAW) && !body.isEmpty()) {
				throw fail(path + ".body", "must be empty when body-format is " + kebab(bodyFormat),
						"Remove the body fields, or set " + key(path + ".body-format") + " to json or form.");
			}
			if (bodyFormat == BodyFormat.FORM) {
				body.forEach((name, value) -> {
					if (!(value instanceof String)) {
						throw fail(entryKey(path + ".body", name), "is a nested value, which a form body cannot carry",
								"Set " + key(path + ".body-format") + " to json, or make the field text.");
					}
				});
			}
			Set<String> known = variables;
			BodyTree.leaves(path + ".body", body, (leaf, template) -> checkVariables(leaf, template, known));
			RawBody rawBody = rawBody(path, endpoint.getRawBody(), bodyFormat, variables);
			checkVariables(path + ".query", endpoint.getQuery(), variables);
			checkVariables(path + ".headers", endpoint.getHeaders(), variables);
			if (authentication == ClientAuthentication.BASIC && !(variables.contains(grant.principalVariable())
					&& variables.contains(grant.secretVariable()))) {
				throw fail(path + ".client-authentication",
						"basic needs {" + grant.principalVariable() + "} and {" + grant.secretVariable()
								+ "} of grant " + kebab(grant) + ", which are not both set",
						"Set " + key(grant.principalVariable()) + " and " + key(grant.secretVariable())
								+ ", or set " + key(path + ".client-authentication") + " to none.");
			}
			if (authentication == ClientAuthentication.PRIVATE_KEY_JWT) {
				checkPrivateKeyJwt(path, grant, variables, bodyFormat);
			}
			TokenRequestSpec request = new TokenRequestSpec(method, uri, bodyFormat, body, endpoint.getQuery(),
					endpoint.getHeaders(), authentication, rawBody);
			if (delivery == TokenDelivery.CALLBACK) {
				return new TokenEndpointSpec(request, response)
					.withCallbackDelivery(positive(path + ".callback-timeout", endpoint.getCallbackTimeout()));
			}
			return new TokenEndpointSpec(request, response);
		}

		private void checkPrivateKeyJwt(String path, TokenGrant grant, Set<String> variables, BodyFormat bodyFormat) {
			if (!variables.contains(JwtAssertionMinter.ASSERTION)) {
				throw fail("jwt.key", "must be set when " + path + ".client-authentication is private-key-jwt",
						"Set it to the client's private key: a PKCS#8 PEM or a JWK, or a file: or classpath:"
								+ " location of one.");
			}
			if (!variables.contains(grant.principalVariable())) {
				throw fail(path + ".client-authentication", "private-key-jwt needs {" + grant.principalVariable()
						+ "}, the issuer and subject of the client assertion, which is not set",
						"Set " + key(grant.principalVariable()) + ".");
			}
			if (bodyFormat == BodyFormat.JSON || bodyFormat == BodyFormat.RAW) {
				throw fail(path + ".body-format", "must be form or none with private-key-jwt, which sends the client"
						+ " assertion as form fields", "Set it to form.");
			}
		}

		/**
		 * Return the raw body template of an endpoint whose body format is raw, checking that a JSON one
		 * stays JSON whatever its variables hold.
		 */
		private @Nullable RawBody rawBody(String path, TokenStarterProperties.RawBody raw, BodyFormat bodyFormat,
				Set<String> variables) {
			String templateKey = path + ".raw-body.template";
			String contentTypeKey = path + ".raw-body.content-type";
			if (bodyFormat != BodyFormat.RAW) {
				if (raw.getTemplate() != null || raw.getContentType() != null) {
					throw fail(templateKey, "is set but body-format is " + kebab(bodyFormat),
							"Set " + key(path + ".body-format") + " to raw, or remove the raw-body keys.");
				}
				return null;
			}
			if (!StringUtils.hasText(raw.getTemplate())) {
				throw fail(templateKey, "must be set when body-format is raw",
						"Set it to the body to send, such as <login><user>{username}</user></login>.");
			}
			MediaType contentType;
			try {
				contentType = MediaType.parseMediaType(String.valueOf(raw.getContentType()).trim());
			}
			catch (InvalidMediaTypeException ex) {
				contentType = null;
			}
			if (contentType == null || !contentType.isConcrete()) {
				throw fail(contentTypeKey, "'" + raw.getContentType() + "' is not a content type",
						"Set it to the content type of the body, such as application/xml.");
			}
			checkVariables(templateKey, raw.getTemplate(), variables);
			RawBody rawBody = new RawBody(raw.getTemplate(), contentType);
			if (!RawBodies.isValid(rawBody)) {
				throw fail(templateKey, "is not valid JSON once its variables are filled in",
						"Write a JSON document and put each {variable} inside a JSON string, such as "
								+ "{\"user\":\"{username}\"}, or set " + key(contentTypeKey) + " to a type that is not JSON.");
			}
			return rawBody;
		}

		/**
		 * Check that a request of callback delivery tells the API where to post, or at least the state.
		 */
		private void checkRefersToCallback(String path, String uri, Endpoint endpoint) {
			List<String> templates = new ArrayList<>(List.of(uri));
			BodyTree.leaves(path + ".body", BodyTree.of(endpoint.getBody()), (leaf, template) -> templates.add(template));
			if (endpoint.getRawBody().getTemplate() != null) {
				templates.add(endpoint.getRawBody().getTemplate());
			}
			templates.addAll(endpoint.getQuery().values());
			templates.addAll(endpoint.getHeaders().values());
			boolean refers = templates.stream()
				.anyMatch((template) -> Templates.variables(template).stream().anyMatch(CALLBACK_VARIABLES::contains));
			if (!refers) {
				throw fail(path + ".body", "must refer to {callback-uri} or {callback-state} when delivery is callback",
						"Add a field such as callbackUri: \"{callback-uri}\" under " + key(path + ".body")
								+ " (or the query or headers), so that the API knows where to post the tokens.");
			}
		}

		private @Nullable TokenEndpointSpec refreshEndpoint(TokenGrant grant, Set<String> variables,
				TokenResponseSpec tokenResponse) {
			Endpoint refresh = this.client.getRefresh();
			if (!StringUtils.hasText(refresh.getUri())) {
				if (!refresh.getBody().isEmpty() || !refresh.getQuery().isEmpty() || !refresh.getHeaders().isEmpty()) {
					throw fail("refresh.uri", "must not be empty when other refresh keys are set",
							"Set " + key("refresh.uri") + " to the refresh endpoint's URI, or remove the refresh keys"
									+ " to get new tokens from the token endpoint.");
				}
				return null;
			}
			Set<String> refreshVariables = new LinkedHashSet<>(variables);
			refreshVariables.add(TokenRequestFactory.REFRESH_TOKEN);
			TokenResponseSpec response = response("refresh.response", refresh.getResponse(), tokenResponse);
			return endpoint("refresh", refresh, grant, refreshVariables, response);
		}

		private TokenResponseSpec response(String path, Response response, TokenResponseSpec base) {
			ResponseSource accessToken = optionalSource(path + ".access-token", response.getAccessToken(),
					base.accessToken());
			if (accessToken == null) {
				throw fail(path + ".access-token", "must not be empty",
						"Set it to the JSON Pointer of the access token, such as /data/access_token, or to"
								+ " header:Name when a response header holds it.");
			}
			ResponseSource refreshToken = optionalSource(path + ".refresh-token", response.getRefreshToken(),
					base.refreshToken());
			ResponseSource tokenType = optionalSource(path + ".token-type", response.getTokenType(),
					base.tokenType());
			ExpirySpec expiry = expiry(path, "expires", response.getExpires(), response.getExpiresKind(), "lifetime",
					response.getLifetime(), base.expiry());
			ExpirySpec refreshExpiry = expiry(path, "refresh-expires", response.getRefreshExpires(),
					response.getRefreshExpiresKind(), "refresh-lifetime", response.getRefreshLifetime(),
					base.refreshExpiry());
			ResponseValueRule success = success(path, response, base.success());
			List<ResponseSource> errorCode = sources(path + ".error-code", response.getErrorCode(), base.errorCode());
			List<ResponseSource> errorMessage = sources(path + ".error-message", response.getErrorMessage(),
					base.errorMessage());
			ResponseFormat format = (response.getFormat() != null) ? choice(path + ".format", response.getFormat(),
					ResponseFormat.values(), TokenClientDefinitionMapper::kebab) : base.format();
			return new TokenResponseSpec(accessToken, refreshToken, tokenType, expiry, refreshExpiry, success,
					errorCode, errorMessage, format);
		}

		private ExpirySpec expiry(String path, String name, @Nullable String source, @Nullable String kind,
				String lifetimeName, @Nullable Duration lifetime, ExpirySpec base) {
			ResponseSource resolvedSource = optionalSource(path + "." + name, source, base.source());
			ExpiryKind resolvedKind = (kind != null)
					? choice(path + "." + name + "-kind", kind, ExpiryKind.values(), TokenClientDefinitionMapper::kebab)
					: base.kind();
			Duration resolvedLifetime = (lifetime != null) ? lifetime : base.lifetime();
			String lifetimeKey = path + "." + lifetimeName;
			if (resolvedLifetime != null && (resolvedLifetime.isNegative() || resolvedLifetime.isZero())) {
				throw fail(lifetimeKey, "must be positive", "Set it to a duration such as 1h.");
			}
			if (resolvedKind == ExpiryKind.LIFETIME && resolvedLifetime == null) {
				throw fail(lifetimeKey, "must be set when " + name + "-kind is lifetime",
						"Set " + key(lifetimeKey) + " to the token lifetime, such as 1h.");
			}
			return new ExpirySpec(resolvedSource, resolvedKind, resolvedLifetime);
		}

		private @Nullable ResponseValueRule success(String path, Response response,
				@Nullable ResponseValueRule base) {
			ResponseSource source = optionalSource(path + ".success-pointer", response.getSuccessPointer(),
					(base != null) ? base.source() : null);
			List<String> values = response.getSuccessValues();
			if (source == null) {
				if (!values.isEmpty()) {
					throw fail(path + ".success-pointer", "must be set when success-values are",
							"Set it to the JSON Pointer of the value that success-values list, such as /code.");
				}
				return null;
			}
			Set<String> resolvedValues = (values.isEmpty() && base != null && response.getSuccessPointer() == null)
					? base.values() : new LinkedHashSet<>(values);
			return new ResponseValueRule(source, resolvedValues);
		}

		private List<ResponseSource> sources(String path, List<String> values, List<ResponseSource> base) {
			if (values.isEmpty()) {
				return base;
			}
			List<ResponseSource> sources = new ArrayList<>();
			for (int i = 0; i < values.size(); i++) {
				sources.add(source(path + "[" + i + "]", values.get(i)));
			}
			return sources;
		}

		/**
		 * Return the source given, the base one when none was given, or {@code null} when an empty value
		 * was given on purpose.
		 */
		private @Nullable ResponseSource optionalSource(String path, @Nullable String value,
				@Nullable ResponseSource base) {
			if (value == null) {
				return base;
			}
			return StringUtils.hasText(value) ? source(path, value.trim()) : null;
		}

		/**
		 * Read a response source: a JSON Pointer into the body, or {@code header:Name}.
		 */
		private ResponseSource source(String path, String value) {
			if (value.regionMatches(true, 0, ResponseSource.HEADER_PREFIX, 0, ResponseSource.HEADER_PREFIX.length())) {
				try {
					return ResponseSource.parse(value);
				}
				catch (IllegalArgumentException ex) {
					throw fail(path, "'" + value + "' does not name a header",
							"Write header: followed by the header name, such as header:X-Subject-Token.");
				}
			}
			if (!isJsonPointer(value)) {
				throw fail(path, "'" + value + "' is not a valid JSON Pointer",
						"Write a JSON Pointer such as /data/access_token: '/' before each name,"
								+ " ~0 for '~' and ~1 for '/'; or header:Name for a response header.");
			}
			return ResponseSource.body(value);
		}

		private JsonPointer pointer(String path, String value) {
			if (isJsonPointer(value)) {
				return JsonPointer.compile(value);
			}
			throw fail(path, "'" + value + "' is not a valid JSON Pointer",
					"Write a JSON Pointer such as /data/access_token: '/' before each name,"
							+ " ~0 for '~' and ~1 for '/'.");
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

		private AttachSpec attach() {
			Attach attach = this.client.getAttach();
			if (StringUtils.hasText(attach.getQueryParameter())) {
				return new AttachSpec(null, null, attach.getQueryParameter().trim());
			}
			if (!StringUtils.hasText(attach.getHeader())) {
				throw fail("attach.header", "must not be empty",
						"Set it to the header that carries the token, such as Authorization, or set "
								+ key("attach.query-parameter") + " to send the token in the query.");
			}
			String scheme = attach.getScheme();
			boolean bare = !StringUtils.hasText(scheme) || "none".equalsIgnoreCase(scheme.trim());
			return new AttachSpec(attach.getHeader().trim(), bare ? null : scheme.trim(), null);
		}

		private InvalidTokenSpec invalidToken() {
			InvalidToken invalidToken = this.client.getInvalidToken();
			List<Integer> statuses = invalidToken.getStatuses();
			for (int i = 0; i < statuses.size(); i++) {
				Integer status = statuses.get(i);
				if (status == null || status < 100 || status > 599) {
					throw fail("invalid-token.statuses[" + i + "]", "'" + status + "' is not an HTTP status",
							"Use statuses between 100 and 599, such as 401.");
				}
			}
			List<JsonValueRule> rules = new ArrayList<>();
			if (StringUtils.hasText(invalidToken.getBodyPointer())) {
				rules.add(new JsonValueRule(pointer("invalid-token.body-pointer", invalidToken.getBodyPointer().trim()),
						new LinkedHashSet<>(invalidToken.getBodyValues())));
			}
			else if (!invalidToken.getBodyValues().isEmpty()) {
				throw fail("invalid-token.body-pointer", "must be set when body-values are",
						"Set it to the JSON Pointer of the value that body-values list, such as /error/code.");
			}
			return new InvalidTokenSpec(new LinkedHashSet<>(statuses), rules);
		}

		private LifecycleSpec lifecycle() {
			Lifecycle lifecycle = this.client.getLifecycle();
			Double ratio = lifecycle.getRefreshAheadRatio();
			if (ratio != null && !(ratio > 0 && ratio <= 1)) {
				throw fail("lifecycle.refresh-ahead-ratio", "'" + ratio + "' is not above 0 and at most 1",
						"Set it to the share of a token's lifetime after which it is renewed, such as 0.8,"
								+ " or 1 to renew at expiry only.");
			}
			Duration window = lifecycle.getRefreshAheadWindow();
			if (window != null && window.isNegative()) {
				throw fail("lifecycle.refresh-ahead-window", "must not be negative",
						"Set it to a duration such as 5m.");
			}
			Duration clockSkew = notNegative("lifecycle.clock-skew", lifecycle.getClockSkew());
			return new LifecycleSpec(ratio, window, clockSkew, budget(lifecycle), retry(lifecycle.getRetry()));
		}

		private @Nullable IssuanceBudgetSpec budget(Lifecycle lifecycle) {
			Budget budget = lifecycle.getBudget();
			List<BudgetLimit> limits = new ArrayList<>();
			if (budget.getLimit() != null) {
				limits.add(budgetLimit("lifecycle.budget", budget.getLimit(), budget.getPeriod()));
			}
			for (int i = 0; i < budget.getWindows().size(); i++) {
				BudgetWindow window = budget.getWindows().get(i);
				String path = "lifecycle.budget.windows[" + i + "]";
				if (window.getLimit() == null) {
					throw fail(path + ".limit", "must be set",
							"Set it to the number of tokens the API issues per period, or remove the window.");
				}
				if (window.getPeriod() == null) {
					throw fail(path + ".period", "must be set",
							"Set it to the window the limit applies to, such as 1h.");
				}
				limits.add(budgetLimit(path, window.getLimit(), window.getPeriod()));
			}
			Duration minInterval = budget.getMinInterval();
			if (minInterval != null) {
				positive("lifecycle.budget.min-interval", minInterval);
			}
			if (limits.isEmpty() && minInterval == null) {
				return null;
			}
			return new IssuanceBudgetSpec(limits, minInterval);
		}

		private BudgetLimit budgetLimit(String path, int limit, Duration period) {
			if (limit <= 0) {
				throw fail(path + ".limit", "must be positive",
						"Set it to the number of tokens the API issues per period, or remove it for no limit.");
			}
			return new BudgetLimit(limit, positive(path + ".period", period));
		}

		private RetrySpec retry(Retry retry) {
			if (retry.getMaxAttempts() < 1) {
				throw fail("lifecycle.retry.max-attempts", "must be at least 1", "Set it to 1 for no retry.");
			}
			Duration initial = notNegative("lifecycle.retry.initial-backoff", retry.getInitialBackoff());
			Duration max = notNegative("lifecycle.retry.max-backoff", retry.getMaxBackoff());
			if (max.compareTo(initial) < 0) {
				throw fail("lifecycle.retry.max-backoff", "must not be less than initial-backoff",
						"Raise it, or lower " + key("lifecycle.retry.initial-backoff") + ".");
			}
			double jitter = retry.getJitter();
			if (!(jitter >= 0 && jitter <= 1)) {
				throw fail("lifecycle.retry.jitter", "'" + jitter + "' is not between 0 and 1",
						"Set it to the random share of each wait, such as 0.2.");
			}
			return new RetrySpec(retry.getMaxAttempts(), initial, max, jitter);
		}

		private void checkTimeouts() {
			positive("connect-timeout", this.client.getConnectTimeout());
			positive("read-timeout", this.client.getReadTimeout());
			if (this.client.getAcquireTimeout() != null) {
				positive("acquire-timeout", this.client.getAcquireTimeout());
			}
			DataSize maxResponseSize = this.client.getMaxResponseSize();
			if (maxResponseSize == null || maxResponseSize.toBytes() < 1
					|| maxResponseSize.toBytes() >= Integer.MAX_VALUE - 8) {
				throw fail("max-response-size", "must be between 1B and 2GB",
						"Set it to a size such as 64KB, enough for the endpoint's largest token response.");
			}
		}

		private void checkBaseUrl() {
			String baseUrl = this.client.getBaseUrl();
			if (baseUrl != null && !isHttpUri(baseUrl.trim())) {
				throw fail("base-url", "is not an absolute http or https URL",
						"Set it to the API's base URL, such as https://api.example.com, or remove it.");
			}
		}

		private void checkUri(String path, String uri) {
			if (Templates.variables(uri).isEmpty() && !isHttpUri(uri)) {
				throw fail(path, "is not an absolute http or https URI",
						"Set it to the endpoint's full URI, such as https://api.example.com/oauth/token.");
			}
		}

		private static boolean isHttpUri(String value) {
			try {
				URI uri = new URI(value);
				return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
						&& uri.getHost() != null;
			}
			catch (URISyntaxException ex) {
				return false;
			}
		}

		private void checkVariables(String path, Map<String, String> templates, Set<String> variables) {
			templates.forEach((name, template) -> checkVariables(entryKey(path, name), template, variables));
		}

		private void checkVariables(String path, String template, Set<String> variables) {
			for (String name : Templates.variables(template)) {
				if (variables.contains(name)) {
					continue;
				}
				if (TokenRequestFactory.REFRESH_TOKEN.equals(name)) {
					throw fail(path, "refers to {" + name + "}, which only refresh requests have",
							"Move it to the refresh endpoint under " + key("refresh") + ".");
				}
				if (JWT_VARIABLES.contains(name)) {
					throw fail(path, "refers to {" + name + "}, which needs a signing key",
							"Set " + key("jwt.key") + " to the client's private key, and the claims under "
									+ key("jwt") + ".");
				}
				if (CALLBACK_VARIABLES.contains(name)) {
					String endpointPath = path.substring(0, path.indexOf('.'));
					throw fail(path, "refers to {" + name + "}, which only requests of callback delivery have",
							"Set " + key(endpointPath + ".delivery") + " to callback, or remove the variable.");
				}
				String action = CREDENTIALS.contains(name) ? "Set " + key(name) + "."
						: "Add " + name + " under " + key("parameters") + ", or correct the variable name.";
				throw fail(path, "refers to {" + name + "}, which is not set", action);
			}
		}

		/**
		 * Check the variables of a template outside the token and refresh requests, such as a JWT claim.
		 */
		void checkTemplate(String path, String template, Set<String> variables) {
			checkVariables(path, template, variables);
		}

		private Duration positive(String path, @Nullable Duration value) {
			if (value == null || value.isNegative() || value.isZero()) {
				throw fail(path, "must be positive", "Set it to a duration such as 10s.");
			}
			return value;
		}

		private Duration notNegative(String path, @Nullable Duration value) {
			if (value == null || value.isNegative()) {
				throw fail(path, "must not be negative", "Set it to a duration such as 30s.");
			}
			return value;
		}

		private <E> E choice(String path, @Nullable String value, E[] choices, Function<E, String> name) {
			String accepted = String.join(", ", Arrays.stream(choices).map(name).toList());
			if (!StringUtils.hasText(value)) {
				throw fail(path, "must not be empty", "Set it to one of " + accepted + ".");
			}
			String normalized = value.trim().replace('_', '-');
			for (E choice : choices) {
				if (name.apply(choice).equalsIgnoreCase(normalized)) {
					return choice;
				}
			}
			throw fail(path, "'" + value + "' is not one of " + accepted, "Set it to one of " + accepted + ".");
		}

		String key(String path) {
			return this.prefix + "." + path;
		}

		/**
		 * Return a failure of the given key; an action phrased "Set it ..." or "Raise it ..." names the key
		 * in place of "it", so that it can be read on its own.
		 */
		InvalidTokenClientConfigurationException fail(String path, String problem, String action) {
			String key = key(path);
			for (String verb : List.of("Set", "Raise")) {
				if (action.startsWith(verb + " it")) {
					action = verb + " " + key + action.substring(verb.length() + 3);
				}
			}
			return new InvalidTokenClientConfigurationException(this.id, key, problem, action);
		}

	}

}
