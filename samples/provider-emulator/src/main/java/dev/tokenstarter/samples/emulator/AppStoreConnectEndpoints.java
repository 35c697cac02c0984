package dev.tokenstarter.samples.emulator;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

/**
 * An App Store Connect-style API with no token endpoint: each call carries a JWT that the client signs
 * itself, ES256 with a {@code kid} naming the API key, {@code iss} the issuer id,
 * {@code aud: appstoreconnect-v1} and a lifetime of at most 20 minutes. The API verifies the signature
 * with the public key of the {@code kid}. A JWT it has accepted counts as issued (so that a client's
 * tokens can be counted and revoked like any other provider's).
 */
final class AppStoreConnectEndpoints implements ProviderEndpoints {

	static final String API_PATH = "/app-store/v1/apps";

	static final String AUDIENCE = "appstoreconnect-v1";

	private static final String PROVIDER = Providers.APP_STORE;

	private final EmulatorContext context;

	private final PublicKey apiKey = DemoKeys.publicKey(DemoKeys.APP_STORE_PUBLIC_KEY, "EC");

	AppStoreConnectEndpoints(EmulatorContext context) {
		this.context = context;
	}

	@Override
	public List<Route> routes() {
		return List.of(Route.api(PROVIDER, "GET", API_PATH, this::apps));
	}

	private EmulatorResponse apps(RecordedRequest request) {
		String jwt = HttpAuthorization.bearerToken(request);
		Instant now = this.context.now();
		try {
			JwsVerifier.Verified verified = JwsVerifier.verify(jwt, "ES256", this.apiKey);
			if (!Credentials.APP_STORE_KEY_ID.equals(Json.text(verified.header(), "kid"))) {
				throw new JwsVerifier.Rejected("kid is not a known API key");
			}
			verified.checkClaim("iss", Credentials.APP_STORE_ISSUER_ID)
				.checkClaim("aud", AUDIENCE)
				.checkTimes(now, Duration.ofMinutes(20).toSeconds(), "20 minutes");
			this.context.tokens()
				.registerAccessTokenIfAbsent(PROVIDER, jwt,
						Instant.ofEpochSecond(verified.claims().get("exp").asLong()));
		}
		catch (JwsVerifier.Rejected ex) {
			return notAuthorized(ex.getMessage());
		}
		if (!this.context.tokens().isAccessTokenValid(PROVIDER, jwt, now)) {
			return notAuthorized("the token was revoked");
		}
		ObjectNode body = Json.object();
		body.putArray("data").addObject().put("type", "apps").put("id", "1234567890");
		return EmulatorResponse.json(200, body);
	}

	private static EmulatorResponse notAuthorized(String detail) {
		ObjectNode body = Json.object();
		body.putArray("errors")
			.addObject()
			.put("status", "401")
			.put("code", "NOT_AUTHORIZED")
			.put("detail", "Provide a properly configured and signed bearer token: " + detail);
		return EmulatorResponse.json(401, body, Map.of("WWW-Authenticate", "Bearer"));
	}

}
