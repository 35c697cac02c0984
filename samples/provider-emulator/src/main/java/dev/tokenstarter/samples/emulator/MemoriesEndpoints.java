package dev.tokenstarter.samples.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Memories.ai (seed 000): JSON envelope {@code {code, msg, data}} returned with HTTP 200 even
 * for errors, and a protected API that wants the raw token in {@code Authorization}, without a
 * scheme word. As its documentation says, tokens are sent to a callback URI: when the request
 * has a {@code callbackUri} field, the answer is a bare success envelope and the usual envelope
 * with the tokens is posted to that URI from another thread, see {@link CallbackMode}.
 */
final class MemoriesEndpoints implements ProviderEndpoints {

	static final String TOKEN_PATH = "/memories/auth/api/token/getAccessToken";

	static final String API_PATH = "/memories/api/v1/videos";

	private static final String PROVIDER = Providers.MEMORIES;

	private final EmulatorContext context;

	MemoriesEndpoints(EmulatorContext context) {
		this.context = context;
	}

	@Override
	public List<Route> routes() {
		return List.of(Route.token(PROVIDER, "POST", TOKEN_PATH, this::getAccessToken),
				Route.api(PROVIDER, "GET", API_PATH, this::videos));
	}

	private EmulatorResponse getAccessToken(RecordedRequest request) {
		ObjectNode body = Json.parseObject(request.body());
		if (body == null || !Credentials.MEMORIES_CLIENT_ID.equals(Json.text(body, "clientId"))
				|| !Credentials.MEMORIES_CODE.equals(Json.text(body, "code"))) {
			return envelope(200, "1001", "invalid clientId or code", null);
		}
		EmulatorSettings settings = this.context.settings();
		Instant now = this.context.now();
		if (!this.context.dailyQuota().tryAcquire(PROVIDER, settings.dailyLimit(PROVIDER), now)) {
			return envelope(200, "1429", "daily token limit reached", null);
		}
		Duration accessLifetime = settings.accessTokenLifetime(PROVIDER);
		Duration refreshLifetime = settings.refreshTokenLifetime(PROVIDER);
		String accessToken = this.context.tokenFactory().opaque();
		String refreshToken = this.context.tokenFactory().opaque();
		this.context.tokens().registerRefreshToken(PROVIDER, refreshToken, Credentials.MEMORIES_CLIENT_ID,
				now.plus(refreshLifetime));
		this.context.tokens().registerAccessToken(PROVIDER, accessToken, now.plus(accessLifetime));
		ObjectNode data = Json.object();
		data.put("accessToken", accessToken);
		data.put("type", "Bearer");
		data.put("expiresIn", accessLifetime.toSeconds());
		data.put("refreshToken", refreshToken);
		data.put("refreshExpiresIn", refreshLifetime.toSeconds());
		String callbackUri = Json.text(body, "callbackUri");
		if (callbackUri != null) {
			this.context.callbacks().send(PROVIDER, callbackUri, Json.write(envelopeBody("0000", "success", data)));
			return envelope(200, "0000", "success", null);
		}
		return envelope(200, "0000", "success", data);
	}

	private EmulatorResponse videos(RecordedRequest request) {
		String token = request.header("Authorization");
		if (!this.context.tokens().isAccessTokenValid(PROVIDER, token, this.context.now())) {
			return envelope(401, "1401", "invalid token", null);
		}
		ObjectNode data = Json.object();
		data.putArray("videos");
		return envelope(200, "0000", "success", data);
	}

	private static EmulatorResponse envelope(int status, String code, String msg, JsonNode data) {
		return EmulatorResponse.json(status, envelopeBody(code, msg, data));
	}

	private static ObjectNode envelopeBody(String code, String msg, JsonNode data) {
		ObjectNode body = Json.object();
		body.put("code", code);
		body.put("msg", msg);
		body.set("data", data);
		return body;
	}

}
