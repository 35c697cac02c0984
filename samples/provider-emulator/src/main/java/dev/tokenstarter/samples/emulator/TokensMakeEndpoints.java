package dev.tokenstarter.samples.emulator;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/**
 * tokens.make (seed 001): absolute Unix expiry timestamps, refresh tokens that rotate on every
 * use, errors as {@code {"success":false,"error":{...}}} with HTTP 200, including an invalid
 * token on the protected API.
 */
final class TokensMakeEndpoints implements ProviderEndpoints {

	static final String MAKE_PATH = "/tokens-make/tokens.make";

	static final String REFRESH_PATH = "/tokens-make/tokens.refresh";

	static final String API_PATH = "/tokens-make/api/v1/account";

	private static final String PROVIDER = Providers.TOKENS_MAKE;

	private final EmulatorContext context;

	TokensMakeEndpoints(EmulatorContext context) {
		this.context = context;
	}

	@Override
	public List<Route> routes() {
		return List.of(Route.token(PROVIDER, "POST", MAKE_PATH, this::make),
				Route.token(PROVIDER, "POST", REFRESH_PATH, this::refresh),
				Route.api(PROVIDER, "GET", API_PATH, this::account));
	}

	private EmulatorResponse make(RecordedRequest request) {
		ObjectNode body = Json.parseObject(request.body());
		if (body == null || !Credentials.TOKENS_MAKE_EMAIL.equals(Json.text(body, "email"))
				|| !Credentials.TOKENS_MAKE_PASSWORD.equals(Json.text(body, "password"))
				|| !Credentials.TOKENS_MAKE_APP_ID.equals(Json.text(body, "appId"))) {
			return error("ApiAuthError", "Invalid email, password or appId");
		}
		Instant now = this.context.now();
		if (!this.context.dailyQuota().tryAcquire(PROVIDER, this.context.settings().dailyLimit(PROVIDER), now)) {
			return error("ApiLimitError", "Token limit reached");
		}
		return issuePair(now);
	}

	private EmulatorResponse refresh(RecordedRequest request) {
		ObjectNode body = Json.parseObject(request.body());
		String refreshToken = (body != null) ? Json.text(body, "refreshToken") : null;
		Instant now = this.context.now();
		if (this.context.tokens().consumeRefreshToken(PROVIDER, refreshToken, now) == null) {
			return error("ApiInvalidRefreshTokenError", "Invalid refresh token");
		}
		return issuePair(now);
	}

	private EmulatorResponse account(RecordedRequest request) {
		String token = HttpAuthorization.bearerToken(request);
		if (!this.context.tokens().isAccessTokenValid(PROVIDER, token, this.context.now())) {
			return error("ApiInvalidTokenError", "Invalid Token");
		}
		ObjectNode body = Json.object();
		body.put("success", true);
		body.putObject("data").put("account", "demo");
		return EmulatorResponse.json(200, body);
	}

	private EmulatorResponse issuePair(Instant now) {
		Instant accessExpiresAt = now.plus(this.context.settings().accessTokenLifetime(PROVIDER));
		Instant refreshExpiresAt = now.plus(this.context.settings().refreshTokenLifetime(PROVIDER));
		String accessToken = this.context.tokenFactory().opaque();
		String refreshToken = this.context.tokenFactory().opaque();
		this.context.tokens().registerRefreshToken(PROVIDER, refreshToken, Credentials.TOKENS_MAKE_EMAIL,
				refreshExpiresAt);
		this.context.tokens().registerAccessToken(PROVIDER, accessToken, accessExpiresAt);
		ObjectNode body = Json.object();
		body.put("accessToken", accessToken);
		body.put("accessTokenEndTime", accessExpiresAt.getEpochSecond());
		body.put("refreshToken", refreshToken);
		body.put("refreshTokenEndTime", refreshExpiresAt.getEpochSecond());
		return EmulatorResponse.json(200, body);
	}

	private static EmulatorResponse error(String code, String message) {
		ObjectNode body = Json.object();
		body.put("success", false);
		ObjectNode error = body.putObject("error");
		error.put("code", code);
		error.put("message", message);
		return EmulatorResponse.json(200, body);
	}

}
