package dev.tokenstarter.samples.emulator;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/**
 * A GitHub-classic-style OAuth token endpoint: a form-encoded request of client id, client secret and
 * code, answered with HTTP 200 and an {@code application/x-www-form-urlencoded} body
 * ({@code access_token=...&token_type=bearer&expires_in=...}); failures also come with HTTP 200, as
 * {@code error=...&error_description=...}. The API takes {@code Authorization: Bearer}.
 */
final class GitHubClassicEndpoints implements ProviderEndpoints {

	static final String TOKEN_PATH = "/github-classic/login/oauth/access_token";

	static final String API_PATH = "/github-classic/user";

	static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";

	private static final String PROVIDER = Providers.GITHUB_CLASSIC;

	private final EmulatorContext context;

	GitHubClassicEndpoints(EmulatorContext context) {
		this.context = context;
	}

	@Override
	public List<Route> routes() {
		return List.of(Route.token(PROVIDER, "POST", TOKEN_PATH, this::token),
				Route.api(PROVIDER, "GET", API_PATH, this::user));
	}

	private EmulatorResponse token(RecordedRequest request) {
		Map<String, String> form = form(request.body());
		if (!Credentials.GITHUB_CLASSIC_CLIENT_ID.equals(form.get("client_id"))
				|| !Credentials.GITHUB_CLASSIC_CLIENT_SECRET.equals(form.get("client_secret"))) {
			return error("incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect.");
		}
		if (!Credentials.GITHUB_CLASSIC_CODE.equals(form.get("code"))) {
			return error("bad_verification_code", "The code passed is incorrect or expired.");
		}
		Instant now = this.context.now();
		Duration lifetime = this.context.settings().accessTokenLifetime(PROVIDER);
		String token = "gho_" + this.context.tokenFactory().opaque();
		this.context.tokens().registerAccessToken(PROVIDER, token, now.plus(lifetime));
		return EmulatorResponse.raw(200, FORM_CONTENT_TYPE, "access_token=" + encode(token) + "&expires_in="
				+ lifetime.toSeconds() + "&scope=repo%2Cgist&token_type=bearer");
	}

	private EmulatorResponse user(RecordedRequest request) {
		String token = HttpAuthorization.bearerToken(request);
		if (!this.context.tokens().isAccessTokenValid(PROVIDER, token, this.context.now())) {
			ObjectNode error = Json.object();
			error.put("message", "Bad credentials");
			return EmulatorResponse.json(401, error);
		}
		ObjectNode body = Json.object();
		body.put("login", "octocat");
		return EmulatorResponse.json(200, body);
	}

	private static EmulatorResponse error(String code, String description) {
		return EmulatorResponse.raw(200, FORM_CONTENT_TYPE, "error=" + code + "&error_description="
				+ encode(description) + "&error_uri=" + encode("https://docs.github.com/apps/troubleshooting"));
	}

	static Map<String, String> form(String body) {
		Map<String, String> fields = new LinkedHashMap<>();
		if (body == null || body.isBlank()) {
			return fields;
		}
		for (String pair : body.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				fields.putIfAbsent(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return fields;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
