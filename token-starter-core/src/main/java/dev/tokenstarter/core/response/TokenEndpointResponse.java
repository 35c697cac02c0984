package dev.tokenstarter.core.response;

import java.time.Instant;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;

/**
 * A token endpoint's response as it came, for a {@link TokenResponseReader}: its body is already read,
 * no further than the client's maximum response size. It carries secrets: {@link #toString()} shows
 * the client and the status only.
 *
 * @param registrationId the client the response is for
 * @param statusCode the HTTP status
 * @param headers the response headers
 * @param body the body, empty when there was none
 * @param receivedAt when the response was received, by the client's clock
 * @author token-starter
 */
public record TokenEndpointResponse(String registrationId, int statusCode, HttpHeaders headers, byte[] body,
		Instant receivedAt) {

	public TokenEndpointResponse {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		Assert.notNull(headers, "headers cannot be null");
		Assert.notNull(body, "body cannot be null");
		Assert.notNull(receivedAt, "receivedAt cannot be null");
	}

	@Override
	public String toString() {
		return "TokenEndpointResponse{registrationId='" + this.registrationId + "', statusCode=" + this.statusCode
				+ "}";
	}

}
