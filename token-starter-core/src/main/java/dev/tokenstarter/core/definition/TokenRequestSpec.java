package dev.tokenstarter.core.definition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;

/**
 * What a token request sends. Every value (and the URI) may hold {@code {variable}} templates, such as
 * {@code {client-id}}, {@code {password}} or {@code {refresh-token}}, filled in when the request is built.
 *
 * @param method the HTTP method
 * @param uri the endpoint URI template
 * @param bodyFormat how the body fields are encoded
 * @param body the body fields, in order
 * @param query the query parameters, in order
 * @param headers extra request headers
 * @param clientAuthentication how the caller authenticates beyond the fields above
 * @author token-starter
 */
public record TokenRequestSpec(HttpMethod method, String uri, BodyFormat bodyFormat, Map<String, String> body,
		Map<String, String> query, Map<String, String> headers, ClientAuthentication clientAuthentication) {

	public TokenRequestSpec {
		Assert.notNull(method, "method cannot be null");
		Assert.hasText(uri, "uri cannot be empty");
		Assert.notNull(bodyFormat, "bodyFormat cannot be null");
		Assert.notNull(clientAuthentication, "clientAuthentication cannot be null");
		body = copy(body);
		query = copy(query);
		headers = copy(headers);
		Assert.isTrue(bodyFormat != BodyFormat.NONE || body.isEmpty(), "body fields need a body format other than NONE");
	}

	private static Map<String, String> copy(Map<String, String> map) {
		return (map != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(map)) : Map.of();
	}

	/**
	 * Start a description of a POST request to the given URI, with a JSON body and no client
	 * authentication beyond its fields.
	 * @param uri the endpoint URI template
	 * @return a new request description
	 */
	public static TokenRequestSpec post(String uri) {
		return new TokenRequestSpec(HttpMethod.POST, uri, BodyFormat.JSON, Map.of(), Map.of(), Map.of(),
				ClientAuthentication.NONE);
	}

	/**
	 * Return a copy with the given body format and fields.
	 * @param format the body format
	 * @param fields the body fields
	 * @return a new description
	 */
	public TokenRequestSpec withBody(BodyFormat format, Map<String, String> fields) {
		return new TokenRequestSpec(this.method, this.uri, format, fields, this.query, this.headers,
				this.clientAuthentication);
	}

	/**
	 * Return a copy with the given query parameters.
	 * @param parameters the query parameters
	 * @return a new description
	 */
	public TokenRequestSpec withQuery(Map<String, String> parameters) {
		return new TokenRequestSpec(this.method, this.uri, this.bodyFormat, this.body, parameters, this.headers,
				this.clientAuthentication);
	}

	/**
	 * Return a copy with the given extra headers.
	 * @param extraHeaders the headers
	 * @return a new description
	 */
	public TokenRequestSpec withHeaders(Map<String, String> extraHeaders) {
		return new TokenRequestSpec(this.method, this.uri, this.bodyFormat, this.body, this.query, extraHeaders,
				this.clientAuthentication);
	}

	/**
	 * Return a copy with the given client authentication.
	 * @param authentication the client authentication
	 * @return a new description
	 */
	public TokenRequestSpec withClientAuthentication(ClientAuthentication authentication) {
		return new TokenRequestSpec(this.method, this.uri, this.bodyFormat, this.body, this.query, this.headers,
				authentication);
	}

}
