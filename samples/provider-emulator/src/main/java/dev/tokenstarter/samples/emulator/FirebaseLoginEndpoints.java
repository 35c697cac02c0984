package dev.tokenstarter.samples.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.tokenstarter.samples.emulator.HttpAuthorization.BasicCredentials;
import tools.jackson.databind.node.ObjectNode;

/**
 * Firebase-backed login (seed 004): HTTP Basic user credentials, a response without any
 * expiry (the 45 minutes are only in the documentation and the JWT's {@code exp}), a refresh
 * token that is not rotated, and an account suspension after too many logins per hour.
 */
final class FirebaseLoginEndpoints implements ProviderEndpoints {

	static final String LOGIN_PATH = "/firebase-login/auth/api/v1/accounts/login";

	static final String TOKEN_PATH = "/firebase-login/auth/api/v1/accounts/token";

	static final String API_PATH = "/firebase-login/api/v1/me";

	private static final String PROVIDER = Providers.FIREBASE_LOGIN;

	private static final Map<String, String> BEARER_CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"api\"");

	private final EmulatorContext context;

	FirebaseLoginEndpoints(EmulatorContext context) {
		this.context = context;
	}

	@Override
	public List<Route> routes() {
		return List.of(Route.token(PROVIDER, "POST", LOGIN_PATH, this::login),
				Route.token(PROVIDER, "POST", TOKEN_PATH, this::token),
				Route.api(PROVIDER, "GET", API_PATH, this::me));
	}

	private EmulatorResponse login(RecordedRequest request) {
		if (this.context.loginThrottle().isSuspended()) {
			return detail(403, "Account suspended: too many token requests");
		}
		BasicCredentials credentials = HttpAuthorization.basic(request);
		if (credentials == null
				|| !credentials.matches(Credentials.FIREBASE_LOGIN_USERNAME, Credentials.FIREBASE_LOGIN_PASSWORD)) {
			return detail(401, "Invalid credentials");
		}
		Instant now = this.context.now();
		this.context.loginThrottle().recordLogin(now);
		String refreshToken = this.context.tokenFactory().opaque();
		this.context.tokens().registerRefreshToken(PROVIDER, refreshToken, credentials.user(),
				now.plus(this.context.settings().refreshTokenLifetime(PROVIDER)));
		ObjectNode body = Json.object();
		body.put("access", issueAccessToken(credentials.user(), now));
		body.put("refresh", refreshToken);
		return EmulatorResponse.json(200, body);
	}

	private EmulatorResponse token(RecordedRequest request) {
		ObjectNode body = Json.parseObject(request.body());
		String refreshToken = (body != null) ? Json.text(body, "refresh") : null;
		if (refreshToken == null) {
			ObjectNode error = Json.object();
			error.putArray("refresh").add("This field is required.");
			return EmulatorResponse.json(400, error);
		}
		Instant now = this.context.now();
		String user = this.context.tokens().refreshTokenSubject(PROVIDER, refreshToken, now);
		if (user == null) {
			return tokenNotValid("Token is invalid or expired");
		}
		ObjectNode response = Json.object();
		response.put("access", issueAccessToken(user, now));
		return EmulatorResponse.json(200, response);
	}

	private EmulatorResponse me(RecordedRequest request) {
		String token = HttpAuthorization.bearerToken(request);
		if (!this.context.tokens().isAccessTokenValid(PROVIDER, token, this.context.now())) {
			return tokenNotValid("Given token not valid for any token type");
		}
		ObjectNode body = Json.object();
		body.put("username", Credentials.FIREBASE_LOGIN_USERNAME);
		return EmulatorResponse.json(200, body);
	}

	private String issueAccessToken(String user, Instant now) {
		Instant expiresAt = now.plus(this.context.settings().accessTokenLifetime(PROVIDER));
		ObjectNode claims = Json.object();
		claims.put("token_type", "access");
		claims.put("user_id", user);
		String accessToken = this.context.tokenFactory().jwt(user, now, expiresAt, claims);
		this.context.tokens().registerAccessToken(PROVIDER, accessToken, expiresAt);
		return accessToken;
	}

	private static EmulatorResponse detail(int status, String detail) {
		ObjectNode body = Json.object();
		body.put("detail", detail);
		return EmulatorResponse.json(status, body);
	}

	private static EmulatorResponse tokenNotValid(String detail) {
		ObjectNode body = Json.object();
		body.put("detail", detail);
		body.put("code", "token_not_valid");
		return EmulatorResponse.json(401, body, BEARER_CHALLENGE);
	}

}
