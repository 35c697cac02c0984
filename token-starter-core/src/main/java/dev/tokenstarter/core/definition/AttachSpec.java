package dev.tokenstarter.core.definition;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * How a token is attached to API calls: a header with an optional scheme word, or a query parameter.
 *
 * @param headerName the header to write, or {@code null} when the token goes in the query
 * @param scheme the word before the token, such as {@code Bearer}; {@code null} for the bare token
 * @param queryParameter the query parameter to add, or {@code null} when the token goes in a header
 * @author token-starter
 */
public record AttachSpec(@Nullable String headerName, @Nullable String scheme, @Nullable String queryParameter) {

	public AttachSpec {
		Assert.isTrue(StringUtils.hasText(headerName) != StringUtils.hasText(queryParameter),
				"exactly one of header name and query parameter must be set");
		scheme = StringUtils.hasText(scheme) ? scheme : null;
	}

	/**
	 * Return {@code Authorization: Bearer <token>}.
	 * @return the attachment
	 */
	public static AttachSpec bearer() {
		return new AttachSpec(HttpHeaders.AUTHORIZATION, "Bearer", null);
	}

	/**
	 * Return the header value for a token.
	 * @param token the token value
	 * @return the header value
	 */
	public String headerValue(String token) {
		return (this.scheme != null) ? this.scheme + " " + token : token;
	}

}
