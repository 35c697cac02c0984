package dev.tokenstarter.samples.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.tokenstarter.samples.emulator.HttpAuthorization.BasicCredentials;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * AGT (seed 003): client credentials in HTTP Basic, scope as a query parameter, a body that
 * must be empty, {@code expires_in} holding an absolute epoch second, and every error as a
 * JSON array of problem objects.
 */
final class AgtEndpoints implements ProviderEndpoints {

	static final String TOKEN_PATH = "/agt/v1/api/oauth/token";

	static final String API_PATH = "/agt/v1/api/accounts";

	private static final String PROVIDER = Providers.AGT;

	private static final Set<String> SCOPES = Set.of(Credentials.AGT_SCOPE_EDIT, Credentials.AGT_SCOPE_READ);

	private final EmulatorContext context;

	AgtEndpoints(EmulatorContext context) {
		this.context = context;
	}

	@Override
	public List<Route> routes() {
		return List.of(Route.token(PROVIDER, "POST", TOKEN_PATH, this::token),
				Route.api(PROVIDER, "GET", API_PATH, this::accounts));
	}

	private EmulatorResponse token(RecordedRequest request) {
		if (!request.body().isEmpty()) {
			return error(400, "Bad Request", "240100", "/v1/api/oauth/token", "Request body must be empty");
		}
		BasicCredentials credentials = HttpAuthorization.basic(request);
		String scope = queryParameter(request.query(), "scope");
		if (credentials == null || !credentials.matches(Credentials.AGT_CLIENT_ID, Credentials.AGT_CLIENT_SECRET)
				|| scope == null || !SCOPES.contains(scope)) {
			return error(401, "Unauthorized", "240101", "/v1/api/oauth/token", "Invalid client credentials or scope");
		}
		Instant now = this.context.now();
		Instant expiresAt = now.plus(this.context.settings().accessTokenLifetime(PROVIDER));
		ObjectNode claims = Json.object();
		claims.put("scope", scope);
		claims.put("client_id", Credentials.AGT_CLIENT_ID);
		claims.put("firstVisionId", "00000AUNAB");
		String accessToken = this.context.tokenFactory().jwt(Credentials.AGT_CLIENT_ID, now, expiresAt, claims);
		this.context.tokens().registerAccessToken(PROVIDER, accessToken, expiresAt);
		ObjectNode body = Json.object();
		body.put("access_token", accessToken);
		body.put("expires_in", expiresAt.getEpochSecond());
		body.put("token_type", "Bearer");
		return EmulatorResponse.json(200, body);
	}

	private EmulatorResponse accounts(RecordedRequest request) {
		String token = HttpAuthorization.bearerToken(request);
		if (!this.context.tokens().isAccessTokenValid(PROVIDER, token, this.context.now())) {
			return error(401, "Unauthorized", "240102", "/v1/api/accounts", "Invalid or expired access token");
		}
		ObjectNode body = Json.object();
		body.putArray("accounts");
		return EmulatorResponse.json(200, body);
	}

	private static String queryParameter(String query, String name) {
		if (query == null) {
			return null;
		}
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			String key = (equals >= 0) ? pair.substring(0, equals) : pair;
			if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
				return (equals >= 0) ? URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8) : "";
			}
		}
		return null;
	}

	private static EmulatorResponse error(int status, String title, String errorCode, String instance,
			String invalidParam) {
		ObjectNode problem = Json.object();
		problem.put("detail", "Please refer to invalid-params for error details");
		problem.put("errorCode", errorCode);
		problem.put("instance", instance);
		problem.putArray("invalid-params").add(invalidParam);
		problem.put("source", "AGT");
		problem.put("status", status);
		problem.put("title", title);
		ArrayNode body = Json.array();
		body.add(problem);
		return EmulatorResponse.json(status, body);
	}

}
