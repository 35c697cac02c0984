package dev.tokenstarter.samples.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads the {@code Authorization} header the way the emulated providers do.
 */
final class HttpAuthorization {

	private static final String BEARER = "Bearer ";

	private static final String BASIC = "Basic ";

	private HttpAuthorization() {
	}

	/**
	 * Return the token of a {@code Bearer} authorization, or {@code null}.
	 */
	static String bearerToken(RecordedRequest request) {
		String value = schemeValue(request.header("Authorization"), BEARER);
		return (value != null && !value.isEmpty()) ? value : null;
	}

	/**
	 * Return the decoded pair of a {@code Basic} authorization, or {@code null} if the header
	 * is missing or malformed.
	 */
	static BasicCredentials basic(RecordedRequest request) {
		String encoded = schemeValue(request.header("Authorization"), BASIC);
		if (encoded == null) {
			return null;
		}
		try {
			String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			return (colon >= 0) ? new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1))
					: null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static String schemeValue(String header, String scheme) {
		if (header == null || !header.regionMatches(true, 0, scheme, 0, scheme.length())) {
			return null;
		}
		return header.substring(scheme.length()).trim();
	}

	/**
	 * User (or client id) and password (or client secret) of a {@code Basic} authorization.
	 */
	record BasicCredentials(String user, String password) {

		boolean matches(String expectedUser, String expectedPassword) {
			return expectedUser.equals(this.user) && expectedPassword.equals(this.password);
		}

	}

}
