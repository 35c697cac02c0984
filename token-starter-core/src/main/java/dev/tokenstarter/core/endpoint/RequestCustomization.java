package dev.tokenstarter.core.endpoint;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tokenstarter.core.request.TokenRequest;
import dev.tokenstarter.core.request.TokenRequestCustomizer;

/**
 * Applies a client's {@link TokenRequestCustomizer} to a built request, the same way on both stacks.
 *
 * @author token-starter
 */
final class RequestCustomization {

	private RequestCustomization() {
	}

	/**
	 * Return the request as the customizer changed it, or the request itself when there is no customizer.
	 * @param customizer the client's customizer, or {@code null}
	 * @param request the built request
	 * @return the request to send
	 */
	static TokenRequest apply(@Nullable TokenRequestCustomizer customizer, TokenRequest request) {
		if (customizer == null) {
			return request;
		}
		TokenRequest customized = customizer.customize(request);
		Assert.state(customized != null && customized.registrationId().equals(request.registrationId()),
				() -> "The TokenRequestCustomizer of client '" + request.registrationId()
						+ "' must return a request of that client");
		return customized;
	}

}
