package dev.tokenstarter.samples.emulator;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/**
 * A GitHub App: the app signs an RS256 JWT with its private key ({@code iss} the app id, at most
 * 10 minutes) and sends it as {@code Authorization: Bearer <jwt>} to
 * {@code POST /app/installations/{id}/access_tokens}, which answers 201 with
 * {@code {"token","expires_at"}} (an ISO-8601 expiry); the API takes {@code Authorization: token <t>}.
 */
final class GitHubAppEndpoints implements ProviderEndpoints {

	static final String TOKEN_PATH = "/github-app/app/installations/" + Credentials.GITHUB_APP_INSTALLATION_ID
			+ "/access_tokens";

	static final String API_PATH = "/github-app/installation/repositories";

	private static final String PROVIDER = Providers.GITHUB_APP;

	private final EmulatorContext context;

	private final PublicKey appKey = DemoKeys.publicKey(DemoKeys.GITHUB_APP_PUBLIC_KEY, "RSA");

	GitHubAppEndpoints(EmulatorContext context) {
		this.context = context;
	}

	@Override
	public List<Route> routes() {
		return List.of(Route.token(PROVIDER, "POST", TOKEN_PATH, this::accessToken),
				Route.api(PROVIDER, "GET", API_PATH, this::repositories));
	}

	private EmulatorResponse accessToken(RecordedRequest request) {
		Instant now = this.context.now();
		try {
			JwsVerifier.verify(HttpAuthorization.bearerToken(request), "RS256", this.appKey)
				.checkClaim("iss", Credentials.GITHUB_APP_ID)
				.checkTimes(now, Duration.ofMinutes(10).toSeconds(), "10 minutes");
		}
		catch (JwsVerifier.Rejected ex) {
			ObjectNode error = Json.object();
			error.put("message", "A JSON web token could not be decoded: " + ex.getMessage());
			return EmulatorResponse.json(401, error);
		}
		Instant expiresAt = now.plus(this.context.settings().accessTokenLifetime(PROVIDER));
		String token = "ghs_" + this.context.tokenFactory().opaque();
		this.context.tokens().registerAccessToken(PROVIDER, token, expiresAt);
		ObjectNode response = Json.object();
		response.put("token", token);
		response.put("expires_at", expiresAt.toString());
		return EmulatorResponse.json(201, response);
	}

	private EmulatorResponse repositories(RecordedRequest request) {
		String authorization = request.header("Authorization");
		String token = (authorization != null && authorization.startsWith("token ")) ? authorization.substring(6)
				: null;
		if (!this.context.tokens().isAccessTokenValid(PROVIDER, token, this.context.now())) {
			ObjectNode error = Json.object();
			error.put("message", "Bad credentials");
			return EmulatorResponse.json(401, error);
		}
		ObjectNode body = Json.object();
		body.put("total_count", 1);
		body.putArray("repositories").addObject().put("name", "token-starter-demo");
		return EmulatorResponse.json(200, body);
	}

}
