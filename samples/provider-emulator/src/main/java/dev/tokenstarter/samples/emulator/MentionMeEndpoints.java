package dev.tokenstarter.samples.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/**
 * Mention Me (seed 002): OAuth-like client credentials grant, but posted as a JSON body
 * instead of a form; answers a JWT with a relative {@code expires_in}.
 */
final class MentionMeEndpoints implements ProviderEndpoints {

	static final String TOKEN_PATH = "/mention-me/api/oauth/token";

	static final String API_PATH = "/mention-me/api/v2/customers";

	private static final String PROVIDER = Providers.MENTION_ME;

	private static final String PROJECT = "project-test-emulator";

	private final EmulatorContext context;

	MentionMeEndpoints(EmulatorContext context) {
		this.context = context;
	}

	@Override
	public List<Route> routes() {
		return List.of(Route.token(PROVIDER, "POST", TOKEN_PATH, this::token),
				Route.api(PROVIDER, "GET", API_PATH, this::customers));
	}

	private EmulatorResponse token(RecordedRequest request) {
		if (!isJson(request.header("Content-Type"))) {
			return error(415, "unsupported_media_type", "Content-Type must be application/json");
		}
		ObjectNode body = Json.parseObject(request.body());
		if (body == null) {
			return error(400, "invalid_request", "Request body must be a JSON object");
		}
		if (!Credentials.MENTION_ME_CLIENT_ID.equals(Json.text(body, "client_id"))
				|| !Credentials.MENTION_ME_CLIENT_SECRET.equals(Json.text(body, "client_secret"))) {
			return error(401, "invalid_client", "Client authentication failed");
		}
		if (!"client_credentials".equals(Json.text(body, "grant_type"))) {
			return error(400, "unsupported_grant_type", "grant_type must be client_credentials");
		}
		Instant now = this.context.now();
		Duration lifetime = this.context.settings().accessTokenLifetime(PROVIDER);
		Instant expiresAt = now.plus(lifetime);
		ObjectNode claims = Json.object();
		claims.putArray("aud").add(PROJECT);
		ObjectNode mentionMeClaims = claims.putObject("claims");
		mentionMeClaims.put("env", "demo");
		mentionMeClaims.put("merchantId", "4259");
		claims.put("iss", "stytch.com/" + PROJECT);
		claims.put("nbf", now.getEpochSecond());
		claims.put("scope", "customers:list");
		String accessToken = this.context.tokenFactory().jwt(Credentials.MENTION_ME_CLIENT_ID, now, expiresAt, claims);
		this.context.tokens().registerAccessToken(PROVIDER, accessToken, expiresAt);
		ObjectNode response = Json.object();
		response.put("access_token", accessToken);
		response.put("expires_in", lifetime.toSeconds());
		response.put("token_type", "bearer");
		return EmulatorResponse.json(200, response);
	}

	private EmulatorResponse customers(RecordedRequest request) {
		String token = HttpAuthorization.bearerToken(request);
		if (!this.context.tokens().isAccessTokenValid(PROVIDER, token, this.context.now())) {
			ObjectNode body = Json.object();
			body.put("error", "invalid_token");
			return EmulatorResponse.json(401, body, Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
		}
		ObjectNode body = Json.object();
		body.putArray("customers");
		return EmulatorResponse.json(200, body);
	}

	private static boolean isJson(String contentType) {
		if (contentType == null) {
			return false;
		}
		int parameters = contentType.indexOf(';');
		String mediaType = (parameters >= 0) ? contentType.substring(0, parameters) : contentType;
		return mediaType.trim().toLowerCase(Locale.ROOT).equals("application/json");
	}

	private static EmulatorResponse error(int status, String error, String description) {
		ObjectNode body = Json.object();
		body.put("error", error);
		body.put("error_description", description);
		return EmulatorResponse.json(status, body);
	}

}
