package dev.tokenstarter.core.request;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.BodyFormat;
import dev.tokenstarter.core.definition.ClientAuthentication;
import dev.tokenstarter.core.definition.RawBody;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.jwt.JwtAssertionMinter;
import dev.tokenstarter.core.jwt.JwtAssertionSpec;
import dev.tokenstarter.core.response.TokenResponseMapper;

/**
 * Builds a {@link TokenRequest} from a request description and a client's credentials. This is the one
 * place where a token request takes shape; blocking and reactive endpoint clients both use it.
 *
 * @author token-starter
 */
public final class TokenRequestFactory {

	/**
	 * Variable holding the refresh token in refresh request descriptions.
	 */
	public static final String REFRESH_TOKEN = "refresh-token";

	/**
	 * Variable holding the application's callback URL, one-time state included, in requests of
	 * endpoints that deliver their tokens by callback.
	 */
	public static final String CALLBACK_URI = "callback-uri";

	/**
	 * Variable holding the one-time state alone, for APIs that take it apart from the callback URL.
	 */
	public static final String CALLBACK_STATE = "callback-state";

	private static final Function<String, String> AS_IS = Function.identity();

	private static final Function<String, String> URL_ENCODED = (value) -> URLEncoder.encode(value,
			StandardCharsets.UTF_8);

	private static final Function<String, String> URI_ENCODED = (value) -> URL_ENCODED.apply(value)
		.replace("+", "%20");

	private final JsonMapper jsonMapper;

	private final JwtAssertionMinter jwtMinter = new JwtAssertionMinter();

	public TokenRequestFactory() {
		this(JsonMapper.shared());
	}

	public TokenRequestFactory(JsonMapper jsonMapper) {
		Assert.notNull(jsonMapper, "jsonMapper cannot be null");
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Build a request.
	 * @param definition the client
	 * @param spec the request description, the client's token or refresh request
	 * @param extraVariables variables beyond the client's credentials, such as
	 * {@value #REFRESH_TOKEN}
	 * @return the request
	 */
	public TokenRequest create(TokenClientDefinition definition, TokenRequestSpec spec,
			Map<String, String> extraVariables) {
		Assert.notNull(definition, "definition cannot be null");
		Assert.notNull(spec, "spec cannot be null");
		Map<String, String> variables = withAssertion(definition, variables(definition, extraVariables));
		URI uri = uri(spec, variables);
		if (spec.clientAuthentication() == ClientAuthentication.PRIVATE_KEY_JWT) {
			addClientAssertion(definition, uri, variables);
			spec = withClientAssertionFields(spec);
		}
		HttpHeaders headers = new HttpHeaders();
		headers.setAccept(List.of(MediaType.APPLICATION_JSON));
		spec.headers()
			.forEach((name, template) -> headers.set(name,
					headerValue(definition, name, template, Templates.expand(template, variables, AS_IS))));
		if (spec.clientAuthentication() == ClientAuthentication.BASIC) {
			headers.set(HttpHeaders.AUTHORIZATION, basic(definition.getGrant(), variables));
		}
		byte[] body = body(definition, spec, variables, headers);
		return new TokenRequest(definition.getRegistrationId(), spec.method(), uri, headers, body);
	}

	private static Map<String, String> variables(TokenClientDefinition definition, Map<String, String> extra) {
		if (extra.isEmpty()) {
			return definition.getCredentials().values();
		}
		Map<String, String> variables = new HashMap<>(definition.getCredentials().values());
		variables.putAll(extra);
		return variables;
	}

	/**
	 * Add the {@value JwtAssertionMinter#ASSERTION} variable, a JWT minted afresh for each request, when the
	 * client signs one.
	 */
	private Map<String, String> withAssertion(TokenClientDefinition definition, Map<String, String> variables) {
		JwtAssertionSpec jwt = definition.getJwt();
		if (jwt == null) {
			return variables;
		}
		Map<String, String> withAssertion = new HashMap<>(variables);
		withAssertion.put(JwtAssertionMinter.ASSERTION,
				this.jwtMinter.mint(jwt, (template) -> Templates.expand(template, variables, AS_IS)).value());
		return withAssertion;
	}

	/**
	 * Add the {@value JwtAssertionMinter#CLIENT_ASSERTION} variable of private-key-jwt client
	 * authentication, whose audience is the URI the request goes to, without its query, to the variables
	 * that {@link #withAssertion} made.
	 */
	private void addClientAssertion(TokenClientDefinition definition, URI uri, Map<String, String> variables) {
		JwtAssertionSpec jwt = definition.getJwt();
		String clientId = variables.get(definition.getGrant().principalVariable());
		if (jwt == null || clientId == null) {
			throw new IllegalStateException("private-key-jwt client authentication needs a signing key and {"
					+ definition.getGrant().principalVariable() + "}");
		}
		String audience = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
		variables.put(JwtAssertionMinter.CLIENT_ASSERTION,
				this.jwtMinter.mintClientAssertion(jwt, clientId, audience).value());
	}

	private static TokenRequestSpec withClientAssertionFields(TokenRequestSpec spec) {
		Map<String, Object> fields = new LinkedHashMap<>(spec.body());
		fields.put("client_assertion_type", JwtAssertionMinter.CLIENT_ASSERTION_TYPE);
		fields.put("client_assertion", "{" + JwtAssertionMinter.CLIENT_ASSERTION + "}");
		BodyFormat format = (spec.bodyFormat() != BodyFormat.NONE) ? spec.bodyFormat() : BodyFormat.FORM;
		return spec.withBody(format, fields);
	}

	private static URI uri(TokenRequestSpec spec, Map<String, String> variables) {
		StringBuilder uri = new StringBuilder(Templates.expand(spec.uri(), variables, URI_ENCODED));
		char separator = (uri.indexOf("?") < 0) ? '?' : '&';
		for (Map.Entry<String, String> parameter : spec.query().entrySet()) {
			uri.append(separator)
				.append(URI_ENCODED.apply(parameter.getKey()))
				.append('=')
				.append(URI_ENCODED.apply(Templates.expand(parameter.getValue(), variables, AS_IS)));
			separator = '&';
		}
		return URI.create(uri.toString());
	}

	/**
	 * Refuse a header value with a character that cannot go in an HTTP header, such as a secret read from
	 * a file with its line break: the HTTP client would refuse it with a message that quotes the value.
	 */
	private static String headerValue(TokenClientDefinition definition, String name, String template, String value) {
		int index = TokenResponseMapper.indexOfHeaderUnsafeCharacter(value);
		if (index >= 0) {
			throw new IllegalStateException(String.format(
					"Header '%s' of a token request of client '%s' would hold the character U+%04X at index %d, "
							+ "which cannot go in an HTTP header; check the values of %s",
					name, definition.getRegistrationId(), (int) value.charAt(index), index,
					Templates.variables(template)));
		}
		return value;
	}

	private static String basic(TokenGrant grant, Map<String, String> variables) {
		String principal = variables.get(grant.principalVariable());
		String secret = variables.get(grant.secretVariable());
		if (principal == null || secret == null) {
			throw new IllegalStateException("Basic client authentication needs {" + grant.principalVariable()
					+ "} and {" + grant.secretVariable() + "}");
		}
		String pair = principal + ":" + secret;
		return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Set the clock that gives the {@code iat} of the JWTs that requests carry.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.jwtMinter.setClock(clock);
	}

	private byte @Nullable [] body(TokenClientDefinition definition, TokenRequestSpec spec,
			Map<String, String> variables, HttpHeaders headers) {
		return switch (spec.bodyFormat()) {
			case NONE -> null;
			case JSON -> {
				headers.setContentType(MediaType.APPLICATION_JSON);
				yield this.jsonMapper.writeValueAsBytes(expandTree(spec.body(), variables));
			}
			case FORM -> {
				headers.setContentType(new MediaType(MediaType.APPLICATION_FORM_URLENCODED, StandardCharsets.UTF_8));
				yield form(spec.body(), variables);
			}
			case RAW -> raw(definition, spec.rawBody(), variables, headers);
		};
	}

	/**
	 * Fill in every text leaf of a JSON body; Jackson escapes the values as it writes them.
	 */
	private static @Nullable Object expandTree(@Nullable Object value, Map<String, String> variables) {
		if (value instanceof String template) {
			return Templates.expand(template, variables, AS_IS);
		}
		if (value instanceof Map<?, ?> map) {
			Map<Object, @Nullable Object> expanded = new LinkedHashMap<>();
			map.forEach((name, item) -> expanded.put(name, expandTree(item, variables)));
			return expanded;
		}
		if (value instanceof List<?> list) {
			return list.stream().map((item) -> expandTree(item, variables)).toList();
		}
		return value;
	}

	private static byte[] form(Map<String, Object> fields, Map<String, String> variables) {
		StringBuilder form = new StringBuilder();
		fields.forEach((name, template) -> {
			if (form.length() > 0) {
				form.append('&');
			}
			String value = Templates.expand((String) template, variables, AS_IS);
			form.append(URL_ENCODED.apply(name)).append('=').append(URL_ENCODED.apply(value));
		});
		return form.toString().getBytes(StandardCharsets.UTF_8);
	}

	private byte[] raw(TokenClientDefinition definition, @Nullable RawBody raw, Map<String, String> variables,
			HttpHeaders headers) {
		Assert.state(raw != null, "body format RAW needs a raw body");
		MediaType contentType = raw.contentType();
		headers.setContentType(contentType);
		String body = Templates.expand(raw.template(), variables, BodyEscapes.forContentType(contentType));
		if (BodyEscapes.isJson(contentType)) {
			try {
				this.jsonMapper.readTree(body);
			}
			catch (JacksonException ex) {
				throw new IllegalStateException("Raw body of client '" + definition.getRegistrationId()
						+ "' is not valid JSON once its variables are filled in; put each {variable} inside a JSON"
						+ " string");
			}
		}
		return body.getBytes((contentType.getCharset() != null) ? contentType.getCharset() : StandardCharsets.UTF_8);
	}

}
