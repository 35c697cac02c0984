package dev.tokenstarter.core.definition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;

/**
 * What a token request sends. Every text value (and the URI) may hold {@code {variable}} templates, such
 * as {@code {client-id}}, {@code {password}} or {@code {refresh-token}}, filled in when the request is
 * built.
 *
 * @param method the HTTP method
 * @param uri the endpoint URI template
 * @param bodyFormat how the body is encoded
 * @param body the body fields, in order: text, or with {@link BodyFormat#JSON} also numbers, booleans,
 * nested maps with text keys and lists
 * @param query the query parameters, in order
 * @param headers extra request headers
 * @param clientAuthentication how the caller authenticates beyond the fields above
 * @param rawBody the body template with {@link BodyFormat#RAW}, otherwise {@code null}
 * @author token-starter
 */
public record TokenRequestSpec(HttpMethod method, String uri, BodyFormat bodyFormat, Map<String, Object> body,
		Map<String, String> query, Map<String, String> headers, ClientAuthentication clientAuthentication,
		@Nullable RawBody rawBody) {

	public TokenRequestSpec {
		Assert.notNull(method, "method cannot be null");
		Assert.hasText(uri, "uri cannot be empty");
		Assert.notNull(bodyFormat, "bodyFormat cannot be null");
		Assert.notNull(clientAuthentication, "clientAuthentication cannot be null");
		body = tree(body);
		query = copy(query);
		headers = copy(headers);
		Assert.isTrue(bodyFormat != BodyFormat.NONE || body.isEmpty(), "body fields need a body format other than NONE");
		Assert.isTrue((bodyFormat == BodyFormat.RAW) == (rawBody != null), "a raw body needs body format RAW");
		Assert.isTrue(bodyFormat != BodyFormat.RAW || body.isEmpty(), "body fields cannot go with a raw body");
		if (bodyFormat == BodyFormat.FORM) {
			body.forEach((name, value) -> Assert.isTrue(value instanceof String,
					() -> "form body field '" + name + "' must be text, not a nested value"));
		}
	}

	/**
	 * Create a request description without a raw body.
	 * @param method the HTTP method
	 * @param uri the endpoint URI template
	 * @param bodyFormat how the body fields are encoded
	 * @param body the body fields
	 * @param query the query parameters
	 * @param headers extra request headers
	 * @param clientAuthentication how the caller authenticates
	 */
	public TokenRequestSpec(HttpMethod method, String uri, BodyFormat bodyFormat, Map<String, ?> body,
			Map<String, String> query, Map<String, String> headers, ClientAuthentication clientAuthentication) {
		this(method, uri, bodyFormat, tree(body), query, headers, clientAuthentication, null);
	}

	private static Map<String, String> copy(Map<String, String> map) {
		return (map != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(map)) : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> tree(@Nullable Map<String, ?> map) {
		return (map != null) ? (Map<String, Object>) value("body", map) : Map.of();
	}

	private static @Nullable Object value(String path, @Nullable Object value) {
		if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
			return value;
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, @Nullable Object> copy = new LinkedHashMap<>();
			map.forEach((key, item) -> {
				Assert.isTrue(key instanceof String, () -> path + " has a key that is not text");
				copy.put((String) key, value(path + "." + key, item));
			});
			return Collections.unmodifiableMap(copy);
		}
		if (value instanceof List<?> list) {
			List<@Nullable Object> copy = new ArrayList<>();
			for (int i = 0; i < list.size(); i++) {
				copy.add(value(path + "[" + i + "]", list.get(i)));
			}
			return Collections.unmodifiableList(copy);
		}
		throw new IllegalArgumentException(path + " is a " + value.getClass().getName()
				+ ", not text, a number, a boolean, a map or a list");
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
	 * Return a copy with the given body format and fields, and no raw body.
	 * @param format the body format, not {@link BodyFormat#RAW}
	 * @param fields the body fields
	 * @return a new description
	 */
	public TokenRequestSpec withBody(BodyFormat format, Map<String, ?> fields) {
		return new TokenRequestSpec(this.method, this.uri, format, tree(fields), this.query, this.headers,
				this.clientAuthentication, null);
	}

	/**
	 * Return a copy whose body is the given template.
	 * @param raw the body template and its content type
	 * @return a new description
	 */
	public TokenRequestSpec withRawBody(RawBody raw) {
		return new TokenRequestSpec(this.method, this.uri, BodyFormat.RAW, Map.of(), this.query, this.headers,
				this.clientAuthentication, raw);
	}

	/**
	 * Return a copy with the given query parameters.
	 * @param parameters the query parameters
	 * @return a new description
	 */
	public TokenRequestSpec withQuery(Map<String, String> parameters) {
		return new TokenRequestSpec(this.method, this.uri, this.bodyFormat, this.body, parameters, this.headers,
				this.clientAuthentication, this.rawBody);
	}

	/**
	 * Return a copy with the given extra headers.
	 * @param extraHeaders the headers
	 * @return a new description
	 */
	public TokenRequestSpec withHeaders(Map<String, String> extraHeaders) {
		return new TokenRequestSpec(this.method, this.uri, this.bodyFormat, this.body, this.query, extraHeaders,
				this.clientAuthentication, this.rawBody);
	}

	/**
	 * Return a copy with the given client authentication.
	 * @param authentication the client authentication
	 * @return a new description
	 */
	public TokenRequestSpec withClientAuthentication(ClientAuthentication authentication) {
		return new TokenRequestSpec(this.method, this.uri, this.bodyFormat, this.body, this.query, this.headers,
				authentication, this.rawBody);
	}

}
