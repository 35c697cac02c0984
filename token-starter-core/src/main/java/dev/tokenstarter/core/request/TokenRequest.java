package dev.tokenstarter.core.request;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * A token request ready to send. Its headers and body carry secrets: {@link #toString()} shows only
 * the method and the URI path.
 *
 * @param registrationId the client the request is for
 * @param method the HTTP method
 * @param uri the full URI, query included
 * @param headers the request headers, content type included
 * @param body the body, or {@code null} for none
 * @author token-starter
 */
public record TokenRequest(String registrationId, HttpMethod method, URI uri, HttpHeaders headers,
		byte @Nullable [] body) {

	@Override
	public String toString() {
		return "TokenRequest{registrationId='" + this.registrationId + "', " + this.method + " " + this.uri.getScheme()
				+ "://" + this.uri.getAuthority() + this.uri.getRawPath() + "}";
	}

}
