package dev.tokenstarter.samples.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/**
 * A Google-style service account token endpoint (RFC 7523 jwt-bearer grant): a form
 * {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<jwt>}, whose RS256 JWT has
 * {@code iss} the service account, {@code scope}, {@code aud} the token endpoint's URL, {@code iat}
 * and {@code exp} at most an hour later. It answers a standard OAuth2 token response; the API takes the
 * bearer token.
 */
final class GoogleJwtBearerEndpoints implements ProviderEndpoints {

	static final String TOKEN_PATH = "/google/token";

	static final String API_PATH = "/google/v1/projects";

	static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

	private static final String PROVIDER = Providers.GOOGLE;

	private final EmulatorContext context;

	private final PublicKey serviceAccountKey = DemoKeys.publicKey(DemoKeys.GOOGLE_PUBLIC_KEY, "RSA");

	GoogleJwtBearerEndpoints(EmulatorContext context) {
		this.context = context;
	}

	@Override
	public List<Route> routes() {
		return List.of(Route.token(PROVIDER, "POST", TOKEN_PATH, this::token),
				Route.api(PROVIDER, "GET", API_PATH, this::projects));
	}

	private EmulatorResponse token(RecordedRequest request) {
		Map<String, String> form = form(request.body());
		if (!JWT_BEARER.equals(form.get("grant_type"))) {
			return error("unsupported_grant_type", "grant_type must be " + JWT_BEARER);
		}
		Instant now = this.context.now();
		String audience = "http://" + request.header("Host") + TOKEN_PATH;
		try {
			JwsVerifier.verify(form.get("assertion"), "RS256", this.serviceAccountKey)
				.checkClaim("iss", Credentials.GOOGLE_SERVICE_ACCOUNT)
				.checkClaim("scope", Credentials.GOOGLE_SCOPE)
				.checkClaim("aud", audience)
				.checkTimes(now, Duration.ofHours(1).toSeconds(), "1 hour");
		}
		catch (JwsVerifier.Rejected ex) {
			return error("invalid_grant", "Invalid JWT: " + ex.getMessage());
		}
		Duration lifetime = this.context.settings().accessTokenLifetime(PROVIDER);
		String token = "ya29." + this.context.tokenFactory().opaque();
		this.context.tokens().registerAccessToken(PROVIDER, token, now.plus(lifetime));
		ObjectNode response = Json.object();
		response.put("access_token", token);
		response.put("expires_in", lifetime.toSeconds());
		response.put("token_type", "Bearer");
		return EmulatorResponse.json(200, response);
	}

	private static EmulatorResponse error(String code, String description) {
		ObjectNode error = Json.object();
		error.put("error", code);
		error.put("error_description", description);
		return EmulatorResponse.json(400, error);
	}

	private EmulatorResponse projects(RecordedRequest request) {
		String token = HttpAuthorization.bearerToken(request);
		if (!this.context.tokens().isAccessTokenValid(PROVIDER, token, this.context.now())) {
			ObjectNode error = Json.object();
			error.putObject("error").put("code", 401).put("status", "UNAUTHENTICATED");
			return EmulatorResponse.json(401, error,
					Map.of("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\""));
		}
		ObjectNode body = Json.object();
		body.putArray("projects").addObject().put("projectId", "token-starter-demo");
		return EmulatorResponse.json(200, body);
	}

	static Map<String, String> form(String body) {
		Map<String, String> form = new LinkedHashMap<>();
		if (body == null || body.isEmpty()) {
			return form;
		}
		for (String pair : body.split("&")) {
			int equals = pair.indexOf('=');
			String name = (equals >= 0) ? pair.substring(0, equals) : pair;
			String value = (equals >= 0) ? pair.substring(equals + 1) : "";
			form.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return form;
	}

}
