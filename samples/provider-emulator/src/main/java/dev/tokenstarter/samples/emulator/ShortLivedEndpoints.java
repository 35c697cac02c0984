package dev.tokenstarter.samples.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/**
 * An API of short-lived tokens: client credentials in a JSON body, an opaque bearer token that lives
 * 20 seconds ({@code expires_in: 20}), shorter than the usual 30-second clock skew of a client.
 */
final class ShortLivedEndpoints implements ProviderEndpoints {

	static final String TOKEN_PATH = "/short-lived/oauth/token";

	static final String API_PATH = "/short-lived/api/v1/status";

	private static final String PROVIDER = Providers.SHORT_LIVED;

	private final EmulatorContext context;

	ShortLivedEndpoints(EmulatorContext context) {
		this.context = context;
	}

	@Override
	public List<Route> routes() {
		return List.of(Route.token(PROVIDER, "POST", TOKEN_PATH, this::token),
				Route.api(PROVIDER, "GET", API_PATH, this::status));
	}

	private EmulatorResponse token(RecordedRequest request) {
		ObjectNode body = Json.parseObject(request.body());
		if (body == null || !Credentials.SHORT_LIVED_CLIENT_ID.equals(Json.text(body, "client_id"))
				|| !Credentials.SHORT_LIVED_CLIENT_SECRET.equals(Json.text(body, "client_secret"))) {
			ObjectNode error = Json.object();
			error.put("error", "invalid_client");
			return EmulatorResponse.json(401, error);
		}
		Instant now = this.context.now();
		Duration lifetime = this.context.settings().accessTokenLifetime(PROVIDER);
		String accessToken = this.context.tokenFactory().opaque();
		this.context.tokens().registerAccessToken(PROVIDER, accessToken, now.plus(lifetime));
		ObjectNode response = Json.object();
		response.put("access_token", accessToken);
		response.put("token_type", "Bearer");
		response.put("expires_in", lifetime.toSeconds());
		return EmulatorResponse.json(200, response);
	}

	private EmulatorResponse status(RecordedRequest request) {
		String token = HttpAuthorization.bearerToken(request);
		if (!this.context.tokens().isAccessTokenValid(PROVIDER, token, this.context.now())) {
			ObjectNode error = Json.object();
			error.put("error", "invalid_token");
			return EmulatorResponse.json(401, error, Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
		}
		ObjectNode body = Json.object();
		body.put("status", "ok");
		return EmulatorResponse.json(200, body);
	}

}
