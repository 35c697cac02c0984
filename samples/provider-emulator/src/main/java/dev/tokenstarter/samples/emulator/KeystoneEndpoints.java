package dev.tokenstarter.samples.emulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenStack Keystone-style identity API: a password login whose JSON body is nested
 * ({@code {"auth":{"identity":{"methods":["password"],"password":{"user":{...}}}}}}), answered with HTTP
 * 201, the token in the {@code X-Subject-Token} response header and its ISO-8601 expiry at
 * {@code /token/expires_at} in the body; the API takes the token in {@code X-Auth-Token}.
 */
final class KeystoneEndpoints implements ProviderEndpoints {

	static final String TOKEN_PATH = "/keystone/v3/auth/tokens";

	static final String API_PATH = "/keystone/v3/projects";

	static final String SUBJECT_TOKEN_HEADER = "X-Subject-Token";

	static final String AUTH_TOKEN_HEADER = "X-Auth-Token";

	private static final String PROVIDER = Providers.KEYSTONE;

	private final EmulatorContext context;

	KeystoneEndpoints(EmulatorContext context) {
		this.context = context;
	}

	@Override
	public List<Route> routes() {
		return List.of(Route.token(PROVIDER, "POST", TOKEN_PATH, this::token),
				Route.api(PROVIDER, "GET", API_PATH, this::projects));
	}

	private EmulatorResponse token(RecordedRequest request) {
		ObjectNode body = Json.parseObject(request.body());
		if (body == null || !isPasswordLogin(body)) {
			return unauthorized();
		}
		Instant now = this.context.now();
		Duration lifetime = this.context.settings().accessTokenLifetime(PROVIDER);
		Instant expiresAt = now.plus(lifetime);
		String token = this.context.tokenFactory().opaque();
		this.context.tokens().registerAccessToken(PROVIDER, token, expiresAt);
		ObjectNode response = Json.object();
		ObjectNode tokenNode = response.putObject("token");
		tokenNode.putArray("methods").add("password");
		tokenNode.put("issued_at", microseconds(now));
		tokenNode.put("expires_at", microseconds(expiresAt));
		tokenNode.putObject("user").put("name", Credentials.KEYSTONE_USERNAME);
		return EmulatorResponse.json(201, response, Map.of(SUBJECT_TOKEN_HEADER, token));
	}

	private static boolean isPasswordLogin(ObjectNode body) {
		JsonNode identity = body.path("auth").path("identity");
		JsonNode methods = identity.path("methods");
		JsonNode user = identity.path("password").path("user");
		return methods.isArray() && methods.size() == 1 && "password".equals(methods.path(0).asString(null))
				&& Credentials.KEYSTONE_USERNAME.equals(user.path("name").asString(null))
				&& Credentials.KEYSTONE_PASSWORD.equals(user.path("password").asString(null))
				&& "default".equals(user.path("domain").path("id").asString(null));
	}

	/**
	 * Keystone writes its instants with microseconds, such as {@code 2026-12-05T08:00:00.000000Z}.
	 */
	private static String microseconds(Instant instant) {
		String text = instant.truncatedTo(ChronoUnit.MICROS).toString();
		return text.contains(".") ? text : text.replace("Z", ".000000Z");
	}

	private EmulatorResponse projects(RecordedRequest request) {
		String token = request.header(AUTH_TOKEN_HEADER);
		if (!this.context.tokens().isAccessTokenValid(PROVIDER, token, this.context.now())) {
			return unauthorized();
		}
		ObjectNode body = Json.object();
		body.putArray("projects").addObject().put("name", "demo");
		return EmulatorResponse.json(200, body);
	}

	private static EmulatorResponse unauthorized() {
		ObjectNode response = Json.object();
		ObjectNode error = response.putObject("error");
		error.put("code", 401);
		error.put("title", "Unauthorized");
		error.put("message", "The request you have made requires authentication.");
		return EmulatorResponse.json(401, response);
	}

}
