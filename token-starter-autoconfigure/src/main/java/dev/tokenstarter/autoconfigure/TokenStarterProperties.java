package dev.tokenstarter.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of token-starter: the token clients and how each one gets, renews and
 * attaches its tokens. Values that name a choice (grant, body format, expiry kind...) are bound as text
 * and checked by {@link TokenClientDefinitionMapper}, so that a wrong value fails with a message naming
 * the client, the key and the accepted values.
 *
 * @author token-starter
 */
@ConfigurationProperties("token-starter")
public class TokenStarterProperties {

	/**
	 * Whether token-starter is on.
	 */
	private boolean enabled = true;

	/**
	 * Fixed application principal name that tokens are stored under.
	 */
	private String principal = "token-starter";

	/**
	 * Whether an unknown token-starter key, or settings that contradict each other, fail start-up; when
	 * false they are logged in one warning.
	 */
	private boolean strictConfiguration = true;

	/**
	 * Token clients by registration id.
	 */
	private final Map<String, Client> clients = new LinkedHashMap<>();

	/**
	 * Where tokens are kept, shared by the instances of a fleet and across restarts.
	 */
	private final Store store = new Store();

	/**
	 * Endpoint to which APIs post the tokens of clients whose token delivery is callback.
	 */
	private final Callback callback = new Callback();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPrincipal() {
		return this.principal;
	}

	public void setPrincipal(String principal) {
		this.principal = principal;
	}

	public boolean isStrictConfiguration() {
		return this.strictConfiguration;
	}

	public void setStrictConfiguration(boolean strictConfiguration) {
		this.strictConfiguration = strictConfiguration;
	}

	public Map<String, Client> getClients() {
		return this.clients;
	}

	public Store getStore() {
		return this.store;
	}

	public Callback getCallback() {
		return this.callback;
	}

	/**
	 * One token client: its credentials, token endpoint and optional refresh endpoint, how its tokens
	 * are attached and recognised as invalid, and its lifecycle settings.
	 */
	public static class Client {

		/**
		 * Grant performed at the token endpoint: login, client-credentials or code; or self-signed-jwt, a JWT
		 * signed with jwt.key as the token, with no token endpoint.
		 */
		private String grant = "client-credentials";

		/**
		 * Client id, template variable {client-id}.
		 */
		private @Nullable String clientId;

		/**
		 * Client secret, template variable {client-secret}.
		 */
		private @Nullable String clientSecret;

		/**
		 * User name or e-mail of a login, template variable {username}.
		 */
		private @Nullable String username;

		/**
		 * Password of a login, template variable {password}.
		 */
		private @Nullable String password;

		/**
		 * Code exchanged for tokens, template variable {code}.
		 */
		private @Nullable String code;

		/**
		 * Extra template variables, each referenced by its name in braces.
		 */
		private final Map<String, String> parameters = new LinkedHashMap<>();

		/**
		 * Base URL of this client's RestClient and WebClient beans.
		 */
		private @Nullable String baseUrl;

		/**
		 * Connect timeout of the calls to the token and refresh endpoints, and of the API calls of this
		 * client's RestClient and WebClient beans unless the application has its own RestClient.Builder or
		 * WebClient.Builder.
		 */
		private Duration connectTimeout = Duration.ofSeconds(5);

		/**
		 * Read timeout of the calls to the token and refresh endpoints, and of the API calls of this
		 * client's RestClient and WebClient beans unless the application has its own RestClient.Builder or
		 * WebClient.Builder.
		 */
		private Duration readTimeout = Duration.ofSeconds(10);

		/**
		 * Longest wait of a caller for a token, whatever the retries, after which it fails while the token
		 * request goes on; the read timeout, plus the callback timeout with callback delivery, when unset.
		 */
		private @Nullable Duration acquireTimeout;

		/**
		 * Largest body of a token or refresh response, or of a token delivery to the callback, that is
		 * read; a larger one fails the token request.
		 */
		private DataSize maxResponseSize = DataSize.ofKilobytes(64);

		/**
		 * Token endpoint, which issues new tokens.
		 */
		private final Endpoint token = new Endpoint();

		/**
		 * Custom refresh endpoint, used when its uri is set.
		 */
		private final Endpoint refresh = new Endpoint();

		/**
		 * How tokens are attached to API calls.
		 */
		private final Attach attach = new Attach();

		/**
		 * What marks an API response as refusing the token.
		 */
		private final InvalidToken invalidToken = new InvalidToken();

		/**
		 * When tokens are renewed and how hard token-starter tries.
		 */
		private final Lifecycle lifecycle = new Lifecycle();

		/**
		 * JWT signed by this client: the {assertion} variable, the key of private-key-jwt client
		 * authentication, or the token itself with the self-signed-jwt grant.
		 */
		private final Jwt jwt = new Jwt();

		public String getGrant() {
			return this.grant;
		}

		public void setGrant(String grant) {
			this.grant = grant;
		}

		public @Nullable String getClientId() {
			return this.clientId;
		}

		public void setClientId(@Nullable String clientId) {
			this.clientId = clientId;
		}

		public @Nullable String getClientSecret() {
			return this.clientSecret;
		}

		public void setClientSecret(@Nullable String clientSecret) {
			this.clientSecret = clientSecret;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public @Nullable String getCode() {
			return this.code;
		}

		public void setCode(@Nullable String code) {
			this.code = code;
		}

		public Map<String, String> getParameters() {
			return this.parameters;
		}

		public @Nullable String getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(@Nullable String baseUrl) {
			this.baseUrl = baseUrl;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public @Nullable Duration getAcquireTimeout() {
			return this.acquireTimeout;
		}

		public void setAcquireTimeout(@Nullable Duration acquireTimeout) {
			this.acquireTimeout = acquireTimeout;
		}

		public DataSize getMaxResponseSize() {
			return this.maxResponseSize;
		}

		public void setMaxResponseSize(DataSize maxResponseSize) {
			this.maxResponseSize = maxResponseSize;
		}

		public Endpoint getToken() {
			return this.token;
		}

		public Endpoint getRefresh() {
			return this.refresh;
		}

		public Attach getAttach() {
			return this.attach;
		}

		public InvalidToken getInvalidToken() {
			return this.invalidToken;
		}

		public Lifecycle getLifecycle() {
			return this.lifecycle;
		}

		public Jwt getJwt() {
			return this.jwt;
		}

	}

	/**
	 * A JWT that a client signs: its key, header and claims. Claim values may hold {variable} templates.
	 */
	public static class Jwt {

		/**
		 * Signing key: a PKCS#8 PEM private key or a JWK (RSA, EC or oct for HMAC), or the location of one,
		 * such as file:/run/secrets/app.pem or classpath:keys/app.pem.
		 */
		private @Nullable String key;

		/**
		 * JWS algorithm, such as RS256, ES256 or HS256; by default the JWK's own, else RS256 for RSA keys,
		 * ES256, ES384 or ES512 by the curve of EC keys, and HS256 for oct keys.
		 */
		private @Nullable String algorithm;

		/**
		 * Key id sent as the kid header; by default the JWK's own, if any.
		 */
		private @Nullable String keyId;

		/**
		 * Value of the typ header; empty for none.
		 */
		private @Nullable String type = "JWT";

		/**
		 * Issuer claim (iss), a template such as {client-id}.
		 */
		private @Nullable String issuer;

		/**
		 * Subject claim (sub), a template.
		 */
		private @Nullable String subject;

		/**
		 * Audience claim (aud), templates; one is sent as a string, several as an array.
		 */
		private final List<String> audience = new ArrayList<>();

		/**
		 * Scope claim (scope), a template such as a space-separated list of scopes.
		 */
		private @Nullable String scope;

		/**
		 * Other claims by name, each a template of a string value.
		 */
		private final Map<String, String> claims = new LinkedHashMap<>();

		/**
		 * Lifetime of each minted JWT, from its iat to its exp.
		 */
		private Duration lifetime = Duration.ofMinutes(5);

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key;
		}

		public @Nullable String getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(@Nullable String algorithm) {
			this.algorithm = algorithm;
		}

		public @Nullable String getKeyId() {
			return this.keyId;
		}

		public void setKeyId(@Nullable String keyId) {
			this.keyId = keyId;
		}

		public @Nullable String getType() {
			return this.type;
		}

		public void setType(@Nullable String type) {
			this.type = type;
		}

		public @Nullable String getIssuer() {
			return this.issuer;
		}

		public void setIssuer(@Nullable String issuer) {
			this.issuer = issuer;
		}

		public @Nullable String getSubject() {
			return this.subject;
		}

		public void setSubject(@Nullable String subject) {
			this.subject = subject;
		}

		public List<String> getAudience() {
			return this.audience;
		}

		public @Nullable String getScope() {
			return this.scope;
		}

		public void setScope(@Nullable String scope) {
			this.scope = scope;
		}

		public Map<String, String> getClaims() {
			return this.claims;
		}

		public Duration getLifetime() {
			return this.lifetime;
		}

		public void setLifetime(Duration lifetime) {
			this.lifetime = lifetime;
		}

		@Override
		public String toString() {
			return "Jwt{key=" + ((this.key != null) ? "[set]" : "[unset]") + ", algorithm=" + this.algorithm
					+ ", keyId=" + this.keyId + "}";
		}

	}

	/**
	 * A token or refresh endpoint: the request to send and where its response keeps the tokens.
	 */
	public static class Endpoint {

		/**
		 * Endpoint URI, with optional {variable} templates.
		 */
		private @Nullable String uri;

		/**
		 * HTTP method of the request.
		 */
		private String method = "POST";

		/**
		 * Encoding of the body: json, form, raw or none.
		 */
		private String bodyFormat = "json";

		/**
		 * Body fields, whose text values may hold {variable} templates; with json, nested maps and lists
		 * become nested objects and arrays.
		 */
		private final Map<String, Object> body = new LinkedHashMap<>();

		/**
		 * Query parameters, whose values may hold {variable} templates.
		 */
		private final Map<String, String> query = new LinkedHashMap<>();

		/**
		 * Extra request headers, whose values may hold {variable} templates.
		 */
		private final Map<String, String> headers = new LinkedHashMap<>();

		/**
		 * Client authentication beyond the described fields: none, basic or private-key-jwt.
		 */
		private String clientAuthentication = "none";

		/**
		 * How the endpoint hands over the tokens: response, or callback to the application's callback URL.
		 */
		private String delivery = "response";

		/**
		 * How long to wait for the tokens when the delivery is callback.
		 */
		private Duration callbackTimeout = Duration.ofSeconds(30);

		/**
		 * Body template sent as it is when body-format is raw.
		 */
		private final RawBody rawBody = new RawBody();

		/**
		 * Where the response keeps the tokens, their expiry and its errors.
		 */
		private final Response response = new Response();

		public @Nullable String getUri() {
			return this.uri;
		}

		public void setUri(@Nullable String uri) {
			this.uri = uri;
		}

		public String getMethod() {
			return this.method;
		}

		public void setMethod(String method) {
			this.method = method;
		}

		public String getBodyFormat() {
			return this.bodyFormat;
		}

		public void setBodyFormat(String bodyFormat) {
			this.bodyFormat = bodyFormat;
		}

		public Map<String, Object> getBody() {
			return this.body;
		}

		public Map<String, String> getQuery() {
			return this.query;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public String getClientAuthentication() {
			return this.clientAuthentication;
		}

		public void setClientAuthentication(String clientAuthentication) {
			this.clientAuthentication = clientAuthentication;
		}

		public String getDelivery() {
			return this.delivery;
		}

		public void setDelivery(String delivery) {
			this.delivery = delivery;
		}

		public Duration getCallbackTimeout() {
			return this.callbackTimeout;
		}

		public void setCallbackTimeout(Duration callbackTimeout) {
			this.callbackTimeout = callbackTimeout;
		}

		public RawBody getRawBody() {
			return this.rawBody;
		}

		public Response getResponse() {
			return this.response;
		}

	}

	/**
	 * A request body written out as a template, for bodies that json and form fields cannot describe.
	 */
	public static class RawBody {

		/**
		 * Body with {variable} templates, each escaped for the content type: JSON string escaping for JSON
		 * types, URL encoding for form-encoded, XML escaping for XML types, none otherwise.
		 */
		private @Nullable String template;

		/**
		 * Content type the raw body is sent as, such as application/xml.
		 */
		private @Nullable String contentType;

		public @Nullable String getTemplate() {
			return this.template;
		}

		public void setTemplate(@Nullable String template) {
			this.template = template;
		}

		public @Nullable String getContentType() {
			return this.contentType;
		}

		public void setContentType(@Nullable String contentType) {
			this.contentType = contentType;
		}

	}

	/**
	 * Where a token response keeps what token-starter needs, each as a JSON Pointer into the body (read
	 * as JSON or form-encoded) or as header:Name for a response header. Unset keys of the token response
	 * take OAuth2's defaults; unset keys of the refresh response take the token response's.
	 */
	public static class Response {

		/**
		 * JSON Pointer or header:Name of the access token, /access_token when unset.
		 */
		private @Nullable String accessToken;

		/**
		 * JSON Pointer or header:Name of the refresh token, /refresh_token when unset.
		 */
		private @Nullable String refreshToken;

		/**
		 * JSON Pointer or header:Name of the token type, /token_type when unset.
		 */
		private @Nullable String tokenType;

		/**
		 * JSON Pointer or header:Name of the access token's expiry, /expires_in when unset.
		 */
		private @Nullable String expires;

		/**
		 * Meaning of the expiry: seconds, epoch-seconds, epoch-millis, iso-instant, jwt-exp or lifetime.
		 */
		private @Nullable String expiresKind;

		/**
		 * Lifetime assumed when the response has no expiry, required for expires-kind lifetime.
		 */
		private @Nullable Duration lifetime;

		/**
		 * JSON Pointer or header:Name of the refresh token's expiry.
		 */
		private @Nullable String refreshExpires;

		/**
		 * Meaning of the refresh token's expiry, with the same values as expires-kind.
		 */
		private @Nullable String refreshExpiresKind;

		/**
		 * Lifetime of the refresh token when the response has no refresh expiry.
		 */
		private @Nullable Duration refreshLifetime;

		/**
		 * JSON Pointer or header:Name of a value that every successful response has, for APIs that fail with
		 * HTTP 200.
		 */
		private @Nullable String successPointer;

		/**
		 * Values at the success pointer that mean success; empty for any present value.
		 */
		private final List<String> successValues = new ArrayList<>();

		/**
		 * JSON Pointers or header:Name sources of an error response's code, tried in order; empty for the
		 * usual places.
		 */
		private final List<String> errorCode = new ArrayList<>();

		/**
		 * JSON Pointers or header:Name sources of an error response's message, tried in order; empty for the
		 * usual places.
		 */
		private final List<String> errorMessage = new ArrayList<>();

		/**
		 * Format of the response body: auto (from the Content-Type), json or form; auto when unset.
		 */
		private @Nullable String format;

		public @Nullable String getFormat() {
			return this.format;
		}

		public void setFormat(@Nullable String format) {
			this.format = format;
		}

		public @Nullable String getAccessToken() {
			return this.accessToken;
		}

		public void setAccessToken(@Nullable String accessToken) {
			this.accessToken = accessToken;
		}

		public @Nullable String getRefreshToken() {
			return this.refreshToken;
		}

		public void setRefreshToken(@Nullable String refreshToken) {
			this.refreshToken = refreshToken;
		}

		public @Nullable String getTokenType() {
			return this.tokenType;
		}

		public void setTokenType(@Nullable String tokenType) {
			this.tokenType = tokenType;
		}

		public @Nullable String getExpires() {
			return this.expires;
		}

		public void setExpires(@Nullable String expires) {
			this.expires = expires;
		}

		public @Nullable String getExpiresKind() {
			return this.expiresKind;
		}

		public void setExpiresKind(@Nullable String expiresKind) {
			this.expiresKind = expiresKind;
		}

		public @Nullable Duration getLifetime() {
			return this.lifetime;
		}

		public void setLifetime(@Nullable Duration lifetime) {
			this.lifetime = lifetime;
		}

		public @Nullable String getRefreshExpires() {
			return this.refreshExpires;
		}

		public void setRefreshExpires(@Nullable String refreshExpires) {
			this.refreshExpires = refreshExpires;
		}

		public @Nullable String getRefreshExpiresKind() {
			return this.refreshExpiresKind;
		}

		public void setRefreshExpiresKind(@Nullable String refreshExpiresKind) {
			this.refreshExpiresKind = refreshExpiresKind;
		}

		public @Nullable Duration getRefreshLifetime() {
			return this.refreshLifetime;
		}

		public void setRefreshLifetime(@Nullable Duration refreshLifetime) {
			this.refreshLifetime = refreshLifetime;
		}

		public @Nullable String getSuccessPointer() {
			return this.successPointer;
		}

		public void setSuccessPointer(@Nullable String successPointer) {
			this.successPointer = successPointer;
		}

		public List<String> getSuccessValues() {
			return this.successValues;
		}

		public List<String> getErrorCode() {
			return this.errorCode;
		}

		public List<String> getErrorMessage() {
			return this.errorMessage;
		}

	}

	/**
	 * How tokens are attached to API calls: a header, or a query parameter when one is set.
	 */
	public static class Attach {

		/**
		 * Header that carries the token.
		 */
		private String header = "Authorization";

		/**
		 * Word written before the token in the header; none or empty for the bare token.
		 */
		private @Nullable String scheme = "Bearer";

		/**
		 * Query parameter that carries the token instead of a header.
		 */
		private @Nullable String queryParameter;

		public String getHeader() {
			return this.header;
		}

		public void setHeader(String header) {
			this.header = header;
		}

		public @Nullable String getScheme() {
			return this.scheme;
		}

		public void setScheme(@Nullable String scheme) {
			this.scheme = scheme;
		}

		public @Nullable String getQueryParameter() {
			return this.queryParameter;
		}

		public void setQueryParameter(@Nullable String queryParameter) {
			this.queryParameter = queryParameter;
		}

	}

	/**
	 * What marks an API response as refusing the token: a status, or a value in its JSON body.
	 */
	public static class InvalidToken {

		/**
		 * HTTP statuses that mean the token was refused.
		 */
		private final List<Integer> statuses = new ArrayList<>(List.of(401));

		/**
		 * JSON Pointer to a body value that means the token was refused, for APIs that say so with HTTP 200.
		 */
		private @Nullable String bodyPointer;

		/**
		 * Values at the body pointer that mean the token was refused; empty for any present value.
		 */
		private final List<String> bodyValues = new ArrayList<>();

		public List<Integer> getStatuses() {
			return this.statuses;
		}

		public @Nullable String getBodyPointer() {
			return this.bodyPointer;
		}

		public void setBodyPointer(@Nullable String bodyPointer) {
			this.bodyPointer = bodyPointer;
		}

		public List<String> getBodyValues() {
			return this.bodyValues;
		}

	}

	/**
	 * When tokens are renewed and how hard token-starter tries.
	 */
	public static class Lifecycle {

		/**
		 * Share of a token's lifetime after which it is renewed in the background, up to 1 for never; when
		 * unset, the time a renewal needs (5 to 30 s) before the clock skew, not before 4/5 of the lifetime.
		 */
		private @Nullable Double refreshAheadRatio;

		/**
		 * Renew in the background once the token is this close to expiry, if that comes before the ratio.
		 */
		private @Nullable Duration refreshAheadWindow;

		/**
		 * How much earlier than its stated expiry a token is treated as expired, at most a tenth of its lifetime.
		 */
		private Duration clockSkew = Duration.ofSeconds(30);

		/**
		 * Limits on the number of tokens issued per period, and on how often.
		 */
		private final Budget budget = new Budget();

		/**
		 * Retries of token requests that failed for a transient reason.
		 */
		private final Retry retry = new Retry();

		public @Nullable Double getRefreshAheadRatio() {
			return this.refreshAheadRatio;
		}

		public void setRefreshAheadRatio(@Nullable Double refreshAheadRatio) {
			this.refreshAheadRatio = refreshAheadRatio;
		}

		public @Nullable Duration getRefreshAheadWindow() {
			return this.refreshAheadWindow;
		}

		public void setRefreshAheadWindow(@Nullable Duration refreshAheadWindow) {
			this.refreshAheadWindow = refreshAheadWindow;
		}

		public Duration getClockSkew() {
			return this.clockSkew;
		}

		public void setClockSkew(Duration clockSkew) {
			this.clockSkew = clockSkew;
		}

		public Budget getBudget() {
			return this.budget;
		}

		public Retry getRetry() {
			return this.retry;
		}

	}

	/**
	 * Limits on the number of tokens issued per period, in one or more windows, and a minimum interval
	 * between token requests, as some APIs set.
	 */
	public static class Budget {

		/**
		 * Number of token requests allowed per period; no limit when unset.
		 */
		private @Nullable Integer limit;

		/**
		 * Window the limit applies to, aligned to the Unix epoch.
		 */
		private Duration period = Duration.ofDays(1);

		/**
		 * Further limits that must all have room too, such as 5 per minute beside 50 per day.
		 */
		private final List<BudgetWindow> windows = new ArrayList<>();

		/**
		 * Shortest time between two token requests; none when unset.
		 */
		private @Nullable Duration minInterval;

		public @Nullable Integer getLimit() {
			return this.limit;
		}

		public void setLimit(@Nullable Integer limit) {
			this.limit = limit;
		}

		public Duration getPeriod() {
			return this.period;
		}

		public void setPeriod(Duration period) {
			this.period = period;
		}

		public List<BudgetWindow> getWindows() {
			return this.windows;
		}

		public @Nullable Duration getMinInterval() {
			return this.minInterval;
		}

		public void setMinInterval(@Nullable Duration minInterval) {
			this.minInterval = minInterval;
		}

	}

	/**
	 * One more limit of an issuance budget: a number of token requests per period.
	 */
	public static class BudgetWindow {

		/**
		 * Number of token requests allowed per period.
		 */
		private @Nullable Integer limit;

		/**
		 * Window the limit applies to, aligned to the Unix epoch.
		 */
		private @Nullable Duration period;

		public @Nullable Integer getLimit() {
			return this.limit;
		}

		public void setLimit(@Nullable Integer limit) {
			this.limit = limit;
		}

		public @Nullable Duration getPeriod() {
			return this.period;
		}

		public void setPeriod(@Nullable Duration period) {
			this.period = period;
		}

	}

	/**
	 * Bounded retries with exponential back-off and jitter.
	 */
	public static class Retry {

		/**
		 * Attempts in all, 1 for no retry.
		 */
		private int maxAttempts = 3;

		/**
		 * Wait before the second attempt.
		 */
		private Duration initialBackoff = Duration.ofMillis(200);

		/**
		 * Longest wait between attempts.
		 */
		private Duration maxBackoff = Duration.ofSeconds(5);

		/**
		 * Share of each wait that is random, between 0 and 1.
		 */
		private double jitter = 0.2;

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

	}


	/**
	 * Token store settings.
	 */
	public static class Store {

		/**
		 * Where tokens are kept: memory, jdbc or redis.
		 */
		private String type = "memory";

		/**
		 * Base64-encoded AES key (16, 24 or 32 bytes) that encrypts tokens in a persistent store.
		 */
		private @Nullable String encryptionKey;

		/**
		 * Whether a persistent store may keep tokens in clear when no encryption key is set.
		 */
		private boolean allowPlaintext;

		/**
		 * How long an instance holds the fleet-wide renewal lock of a client unless it releases it; longer
		 * for a client whose renewal may take longer (connect and read timeouts, callback wait).
		 */
		private Duration lockLease = Duration.ofSeconds(30);

		/**
		 * How long an instance waits for the renewal lock before renewing without it; as much longer as a
		 * client's lease is.
		 */
		private Duration lockWait = Duration.ofSeconds(35);

		/**
		 * How long to work on the in-memory cache before trying an unreachable store again.
		 */
		private Duration retryInterval = Duration.ofSeconds(10);

		/**
		 * JDBC store settings.
		 */
		private final Jdbc jdbc = new Jdbc();

		/**
		 * Redis store settings.
		 */
		private final Redis redis = new Redis();

		public String getType() {
			return this.type;
		}

		public void setType(String type) {
			this.type = type;
		}

		public @Nullable String getEncryptionKey() {
			return this.encryptionKey;
		}

		public void setEncryptionKey(@Nullable String encryptionKey) {
			this.encryptionKey = encryptionKey;
		}

		public boolean isAllowPlaintext() {
			return this.allowPlaintext;
		}

		public void setAllowPlaintext(boolean allowPlaintext) {
			this.allowPlaintext = allowPlaintext;
		}

		public Duration getLockLease() {
			return this.lockLease;
		}

		public void setLockLease(Duration lockLease) {
			this.lockLease = lockLease;
		}

		public Duration getLockWait() {
			return this.lockWait;
		}

		public void setLockWait(Duration lockWait) {
			this.lockWait = lockWait;
		}

		public Duration getRetryInterval() {
			return this.retryInterval;
		}

		public void setRetryInterval(Duration retryInterval) {
			this.retryInterval = retryInterval;
		}

		public Jdbc getJdbc() {
			return this.jdbc;
		}

		public Redis getRedis() {
			return this.redis;
		}

		/**
		 * JDBC store settings.
		 */
		public static class Jdbc {

			/**
			 * Prefix of the token-starter tables.
			 */
			private String tablePrefix = "token_starter_";

			/**
			 * Whether to create the tables on first use when they do not exist.
			 */
			private boolean initializeSchema = true;

			public String getTablePrefix() {
				return this.tablePrefix;
			}

			public void setTablePrefix(String tablePrefix) {
				this.tablePrefix = tablePrefix;
			}

			public boolean isInitializeSchema() {
				return this.initializeSchema;
			}

			public void setInitializeSchema(boolean initializeSchema) {
				this.initializeSchema = initializeSchema;
			}

		}

		/**
		 * Redis store settings.
		 */
		public static class Redis {

			/**
			 * Prefix of the token-starter keys.
			 */
			private String keyPrefix = "token-starter:";

			public String getKeyPrefix() {
				return this.keyPrefix;
			}

			public void setKeyPrefix(String keyPrefix) {
				this.keyPrefix = keyPrefix;
			}

		}

	}

	/**
	 * Endpoint to which APIs post the tokens of clients whose token delivery is callback.
	 */
	public static class Callback {

		/**
		 * Public base URL of this application as the API reaches it, context path included.
		 */
		private @Nullable String baseUrl;

		/**
		 * Path of the callback endpoint, to which the registration id of the client is appended.
		 */
		private String path = "/token-starter/callback";

		public @Nullable String getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(@Nullable String baseUrl) {
			this.baseUrl = baseUrl;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

	}

}
