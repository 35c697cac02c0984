package dev.tokenstarter.samples.emulator;

/**
 * Credentials the emulator accepts. Anything else is answered with the provider's own
 * "wrong credentials" response.
 */
public final class Credentials {

	/**
	 * Client id accepted by {@code memories}; the value of the seed document's example,
	 * with the {@code +} and {@code =} that break naive form encoding.
	 */
	public static final String MEMORIES_CLIENT_ID = "myxjDRvjN+osYha2DxNAuVlYVnpY26BU2pPJdCyVzJU=";

	/**
	 * Callback code accepted by {@code memories}.
	 */
	public static final String MEMORIES_CODE = "emulator-code";

	/**
	 * E-mail accepted by {@code tokens-make}.
	 */
	public static final String TOKENS_MAKE_EMAIL = "demo@tokens-make.test";

	/**
	 * Password accepted by {@code tokens-make}.
	 */
	public static final String TOKENS_MAKE_PASSWORD = "tokens-make-password";

	/**
	 * App id accepted by {@code tokens-make}.
	 */
	public static final String TOKENS_MAKE_APP_ID = "emulator-app";

	/**
	 * Client id accepted by {@code mention-me}.
	 */
	public static final String MENTION_ME_CLIENT_ID = "m2m-client-test-emulator";

	/**
	 * Client secret accepted by {@code mention-me}.
	 */
	public static final String MENTION_ME_CLIENT_SECRET = "mention-me-secret";

	/**
	 * Client id accepted by {@code agt} (sent with HTTP Basic).
	 */
	public static final String AGT_CLIENT_ID = "POC_NAB_Dev";

	/**
	 * Client secret accepted by {@code agt} (sent with HTTP Basic).
	 */
	public static final String AGT_CLIENT_SECRET = "agt-secret";

	/**
	 * Scope accepted by {@code agt}, sent as the {@code scope} query parameter.
	 */
	public static final String AGT_SCOPE_EDIT = "edit";

	/**
	 * Scope accepted by {@code agt}, sent as the {@code scope} query parameter.
	 */
	public static final String AGT_SCOPE_READ = "read";

	/**
	 * User name accepted by {@code firebase-login} (sent with HTTP Basic).
	 */
	public static final String FIREBASE_LOGIN_USERNAME = "johndoe";

	/**
	 * Password accepted by {@code firebase-login} (sent with HTTP Basic).
	 */
	public static final String FIREBASE_LOGIN_PASSWORD = "your_password";

	/**
	 * Client id accepted by {@code short-lived}.
	 */
	public static final String SHORT_LIVED_CLIENT_ID = "short-lived-client";

	/**
	 * Client secret accepted by {@code short-lived}.
	 */
	public static final String SHORT_LIVED_CLIENT_SECRET = "short-lived-secret";

	/**
	 * User name accepted by {@code keystone}.
	 */
	public static final String KEYSTONE_USERNAME = "admin";

	/**
	 * Password accepted by {@code keystone}; its quote and backslash must arrive JSON-escaped.
	 */
	public static final String KEYSTONE_PASSWORD = "ks-p\"ss\\w0rd";

	/**
	 * Client id accepted by {@code github-classic}.
	 */
	public static final String GITHUB_CLASSIC_CLIENT_ID = "Iv1.8a61f9b3a7aba766";

	/**
	 * Client secret accepted by {@code github-classic}; its {@code &} and {@code =} must arrive
	 * URL-encoded.
	 */
	public static final String GITHUB_CLASSIC_CLIENT_SECRET = "gh-s3cret&x=1";

	/**
	 * Authorization code accepted by {@code github-classic}.
	 */
	public static final String GITHUB_CLASSIC_CODE = "gh-code-1f2e";

	/**
	 * App id of the {@code github-app} GitHub App, the {@code iss} of its JWTs.
	 */
	public static final String GITHUB_APP_ID = "123456";

	/**
	 * Installation of the {@code github-app} GitHub App whose access tokens the app asks for.
	 */
	public static final String GITHUB_APP_INSTALLATION_ID = "4242";

	/**
	 * Service account of {@code google}, the {@code iss} of its assertions.
	 */
	public static final String GOOGLE_SERVICE_ACCOUNT = "demo-sa@token-starter-demo.iam.gserviceaccount.com";

	/**
	 * Scope that {@code google} assertions must ask for.
	 */
	public static final String GOOGLE_SCOPE = "https://www.googleapis.com/auth/cloud-platform.read-only";

	/**
	 * Issuer id of the {@code app-store} API key, the {@code iss} of its JWTs.
	 */
	public static final String APP_STORE_ISSUER_ID = "57246542-96fe-1a63-e053-0824d011072a";

	/**
	 * Key id of the {@code app-store} API key, the {@code kid} of its JWTs.
	 */
	public static final String APP_STORE_KEY_ID = "2X9R4HXF34";

	/**
	 * Client id of the {@code partner-idp} client, the {@code iss} and {@code sub} of its client
	 * assertions.
	 */
	public static final String PARTNER_IDP_CLIENT_ID = "partner-reports-client";

	private Credentials() {
	}

}
