package dev.tokenstarter.samples.emulator;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.node.ObjectNode;

/**
 * An identity provider that authenticates clients with {@code private_key_jwt} (RFC 7523 section 2.2):
 * a client credentials form with {@code client_assertion_type} and {@code client_assertion}, an RS256
 * JWT whose {@code iss} and {@code sub} are the client id and whose {@code aud} is the token endpoint's
 * URL, living at most 5 minutes, its {@code jti} never seen before. It answers a standard OAuth2 token
 * response; the API takes the bearer token.
 */
final class PartnerIdpEndpoints implements ProviderEndpoints {

	static final String TOKEN_PATH = "/partner-idp/oauth2/token";

	static final String API_PATH = "/partner-idp/api/reports";

	static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	private static final String PROVIDER = Providers.PARTNER_IDP;

	private final EmulatorContext context;

	private final PublicKey clientKey = DemoKeys.publicKey(DemoKeys.PARTNER_IDP_PUBLIC_KEY, "RSA");

	private final Set<String> usedJtis = ConcurrentHashMap.newKeySet();

	PartnerIdpEndpoints(EmulatorContext context) {
		this.context = context;
	}

	@Override
	public List<Route> routes() {
		return List.of(Route.token(PROVIDER, "POST", TOKEN_PATH, this::token),
				Route.api(PROVIDER, "GET", API_PATH, this::reports));
	}

	private EmulatorResponse token(RecordedRequest request) {
		Map<String, String> form = GoogleJwtBearerEndpoints.form(request.body());
		if (!"client_credentials".equals(form.get("grant_type"))) {
			return error(400, "unsupported_grant_type", "grant_type must be client_credentials");
		}
		if (!CLIENT_ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
			return error(401, "invalid_client", "client_assertion_type must be " + CLIENT_ASSERTION_TYPE);
		}
		Instant now = this.context.now();
		try {
			JwsVerifier.Verified verified = JwsVerifier.verify(form.get("client_assertion"), "RS256", this.clientKey)
				.checkClaim("iss", Credentials.PARTNER_IDP_CLIENT_ID)
				.checkClaim("sub", Credentials.PARTNER_IDP_CLIENT_ID)
				.checkClaim("aud", "http://" + request.header("Host") + TOKEN_PATH)
				.checkTimes(now, Duration.ofMinutes(5).toSeconds(), "5 minutes");
			String jti = Json.text(verified.claims(), "jti");
			if (jti == null || !this.usedJtis.add(jti)) {
				throw new JwsVerifier.Rejected("jti is missing or was used before");
			}
		}
		catch (JwsVerifier.Rejected ex) {
			return error(401, "invalid_client", "Invalid client assertion: " + ex.getMessage());
		}
		Duration lifetime = this.context.settings().accessTokenLifetime(PROVIDER);
		String token = this.context.tokenFactory().opaque();
		this.context.tokens().registerAccessToken(PROVIDER, token, now.plus(lifetime));
		ObjectNode response = Json.object();
		response.put("access_token", token);
		response.put("token_type", "Bearer");
		response.put("expires_in", lifetime.toSeconds());
		return EmulatorResponse.json(200, response);
	}

	private static EmulatorResponse error(int status, String code, String description) {
		ObjectNode error = Json.object();
		error.put("error", code);
		error.put("error_description", description);
		return EmulatorResponse.json(status, error);
	}

	private EmulatorResponse reports(RecordedRequest request) {
		String token = HttpAuthorization.bearerToken(request);
		if (!this.context.tokens().isAccessTokenValid(PROVIDER, token, this.context.now())) {
			return error(401, "invalid_token", "The access token is not valid");
		}
		ObjectNode body = Json.object();
		body.putArray("reports").addObject().put("id", "r-1");
		return EmulatorResponse.json(200, body);
	}

}
