package dev.tokenstarter.samples.emulator;

import java.util.List;

/**
 * Names of the emulated providers. Each name is also the first path segment of that
 * provider's endpoints, e.g. {@code /memories/auth/api/token/getAccessToken}.
 */
public final class Providers {

	/**
	 * Memories.ai: JSON body with client id and code, JSON envelope with a {@code code}
	 * field, HTTP 200 even for errors, raw token in {@code Authorization}.
	 */
	public static final String MEMORIES = "memories";

	/**
	 * tokens.make: e-mail, password and app id, absolute expiry timestamps, rotating
	 * refresh tokens, HTTP 200 for an invalid token on the protected API.
	 */
	public static final String TOKENS_MAKE = "tokens-make";

	/**
	 * Mention Me: client credentials sent as a JSON body, JWT access token.
	 */
	public static final String MENTION_ME = "mention-me";

	/**
	 * AGT: HTTP Basic client credentials, scope in the query, empty body, {@code expires_in}
	 * as an absolute epoch second, errors as JSON arrays.
	 */
	public static final String AGT = "agt";

	/**
	 * Firebase-backed login: HTTP Basic user credentials, no expiry in the response,
	 * non-rotating refresh token, account suspension after too many logins.
	 */
	public static final String FIREBASE_LOGIN = "firebase-login";

	/**
	 * Short-lived tokens: client credentials in a JSON body, opaque bearer tokens that live 20
	 * seconds, shorter than a client's usual clock skew.
	 */
	public static final String SHORT_LIVED = "short-lived";

	/**
	 * Keystone-style identity API: nested JSON password login, token in the {@code X-Subject-Token}
	 * response header, ISO-8601 expiry in the body, {@code X-Auth-Token} on API calls.
	 */
	public static final String KEYSTONE = "keystone";

	/**
	 * GitHub-classic-style OAuth endpoint: form-encoded request and response, failures as
	 * {@code error=...} with HTTP 200.
	 */
	public static final String GITHUB_CLASSIC = "github-classic";

	/**
	 * A GitHub App: an RS256 JWT signed by the app buys an installation token (201,
	 * {@code {"token","expires_at"}}); the API takes {@code Authorization: token <t>}.
	 */
	public static final String GITHUB_APP = "github-app";

	/**
	 * A Google-style service account: the RFC 7523 jwt-bearer grant with an RS256 assertion.
	 */
	public static final String GOOGLE = "google";

	/**
	 * An App Store Connect-style API: no token endpoint, each call carries an ES256 JWT the client signs.
	 */
	public static final String APP_STORE = "app-store";

	/**
	 * An identity provider that authenticates clients with {@code private_key_jwt} (RFC 7523 section 2.2).
	 */
	public static final String PARTNER_IDP = "partner-idp";

	private static final List<String> ALL = List.of(MEMORIES, TOKENS_MAKE, MENTION_ME, AGT, FIREBASE_LOGIN,
			SHORT_LIVED, KEYSTONE, GITHUB_CLASSIC, GITHUB_APP, GOOGLE, APP_STORE, PARTNER_IDP);

	private Providers() {
	}

	/**
	 * Return every provider name: the seed documents' in their order, then the others.
	 * @return an immutable list of provider names
	 */
	public static List<String> all() {
		return ALL;
	}

	static String requireKnown(String provider) {
		if (!ALL.contains(provider)) {
			throw new IllegalArgumentException("Unknown provider '" + provider + "'; expected one of " + ALL);
		}
		return provider;
	}

}
