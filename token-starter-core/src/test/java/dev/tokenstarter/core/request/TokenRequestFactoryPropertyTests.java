package dev.tokenstarter.core.request;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import dev.tokenstarter.core.definition.BodyFormat;
import dev.tokenstarter.core.definition.ClientAuthentication;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenCredentials;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.definition.TokenResponseSpec;
import dev.tokenstarter.core.response.TokenResponseMapper;
import dev.tokenstarter.core.test.RandomInputs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based tests for {@link TokenRequestFactory}: random definitions, whose credentials hold the
 * characters that break URIs, forms, JSON, templates and headers. Whatever they hold, each value arrives
 * as it is in the query, the form, the JSON body and the Basic header; no header value carries a
 * character that cannot go in a header; and a request that cannot be built fails with an
 * {@link IllegalStateException} that names the variable, never a value. Each seed is one case, and the
 * seeds are fixed.
 *
 * @author token-starter
 */
class TokenRequestFactoryPropertyTests {

	private static final List<String> NAMES = List.of("client-id", "client-secret", "username", "password", "code",
			"scope", "app.id", "tenant_id", "x");

	private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

	private final TokenRequestFactory factory = new TokenRequestFactory();

	static LongStream seeds() {
		return RandomInputs.seeds(300);
	}

	@ParameterizedTest
	@MethodSource("seeds")
	void createWhenRandomDefinitionThenValuesArriveIntactOrIllegalStateWithoutValues(long seed) {
		RandomInputs random = RandomInputs.seeded(seed);
		Map<String, String> credentials = new LinkedHashMap<>();
		for (String name : NAMES) {
			if (random.chance(0.8)) {
				// A lone surrogate has no UTF-8 form; no configuration can hold one.
				credentials.put(name, RandomInputs.SECRET_MARK + random.nasty(6).replace("\uD800", ""));
			}
		}
		// The path is shown in messages, by contract: what goes in it is no secret.
		credentials.computeIfPresent("tenant_id", (name, value) -> value.substring(RandomInputs.SECRET_MARK.length()));
		Map<String, String> body = fields(random);
		Map<String, String> query = fields(random);
		Map<String, String> headers = new LinkedHashMap<>();
		if (random.chance(0.5)) {
			headers.put("X-Api-Key", "{" + random.oneOf(NAMES) + "}");
		}
		BodyFormat format = body.isEmpty() ? random.oneOf(List.of(BodyFormat.JSON, BodyFormat.FORM, BodyFormat.NONE))
				: random.oneOf(List.of(BodyFormat.JSON, BodyFormat.FORM));
		// Signed JWT shapes need a signing key: TokenRequestFactoryJwtTests covers them.
		ClientAuthentication authentication = random.oneOf(List.of(ClientAuthentication.values())
			.stream()
			.filter((value) -> value != ClientAuthentication.PRIVATE_KEY_JWT)
			.toList());
		TokenGrant grant = random
			.oneOf(List.of(TokenGrant.values()).stream().filter((value) -> !value.isSelfSigned()).toList());
		String uri = "https://id.example.com/" + random.alphanumeric(random.between(1, 8))
				+ (random.chance(0.3) ? "/{tenant_id}" : "") + (random.chance(0.3) ? "?fixed=1" : "");
		TokenRequestSpec spec = new TokenRequestSpec(HttpMethod.POST, uri,
				(format == BodyFormat.NONE) ? BodyFormat.NONE : format, (format == BodyFormat.NONE) ? Map.of() : body,
				query, headers, authentication);
		TokenClientDefinition definition = TokenClientDefinition.withRegistrationId("fuzz")
			.grant(grant)
			.credentials(TokenCredentials.of(credentials))
			.tokenEndpoint(new TokenEndpointSpec(spec, TokenResponseSpec.oauth2()))
			.build();

		TokenRequest request;
		try {
			request = this.factory.create(definition, spec, Map.of());
		}
		catch (RuntimeException ex) {
			assertThat(ex).isInstanceOf(IllegalStateException.class);
			assertThat(ex.getMessage()).doesNotContain(RandomInputs.SECRET_MARK).doesNotContain("\r").doesNotContain("\n");
			return;
		}

		assertThat(request.toString()).doesNotContain(RandomInputs.SECRET_MARK).doesNotContain("\r").doesNotContain("\n");
		assertQuery(request, query, credentials);
		assertBody(request, spec, credentials);
		request.headers().forEach((name, values) -> values
			.forEach((value) -> assertThat(TokenResponseMapper.indexOfHeaderUnsafeCharacter(value))
				.as("header %s", name)
				.isEqualTo(-1)));
		if (authentication == ClientAuthentication.BASIC) {
			String basic = request.headers().getFirst(HttpHeaders.AUTHORIZATION);
			assertThat(new String(Base64.getDecoder().decode(basic.substring("Basic ".length())),
					StandardCharsets.UTF_8))
				.isEqualTo(credentials.get(grant.principalVariable()) + ":" + credentials.get(grant.secretVariable()));
		}
		for (Map.Entry<String, String> header : headers.entrySet()) {
			assertThat(request.headers().getFirst(header.getKey()))
				.isEqualTo(credentials.get(header.getValue().substring(1, header.getValue().length() - 1)));
		}
	}

	/**
	 * Return fields whose values are variables, literal text with braces, or both.
	 */
	private static Map<String, String> fields(RandomInputs random) {
		Map<String, String> fields = new LinkedHashMap<>();
		int count = random.between(0, 4);
		for (int i = 0; i < count; i++) {
			String name = random.chance(0.8) ? "f" + i : random.nasty(2).replace("\uD800", "") + i;
			fields.put(name, switch (random.between(0, 3)) {
				case 0 -> "{" + random.oneOf(NAMES) + "}";
				case 1 -> random.nasty(3).replace("{", "(").replace("\uD800", "");
				case 2 -> "Bearer {" + random.oneOf(NAMES) + "}!";
				default -> "{not-a-credential}";
			});
		}
		return fields;
	}

	private static void assertQuery(TokenRequest request, Map<String, String> query, Map<String, String> credentials) {
		String rawQuery = request.uri().getRawQuery();
		if (query.isEmpty()) {
			return;
		}
		List<String> decoded = new ArrayList<>();
		for (String pair : rawQuery.split("&")) {
			int equals = pair.indexOf('=');
			decoded.add(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8) + "="
					+ URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
		}
		for (Map.Entry<String, String> parameter : query.entrySet()) {
			assertThat(decoded).contains(parameter.getKey() + "=" + expand(parameter.getValue(), credentials));
		}
	}

	private static void assertBody(TokenRequest request, TokenRequestSpec spec, Map<String, String> credentials) {
		if (spec.bodyFormat() == BodyFormat.NONE) {
			assertThat(request.body()).isNull();
			return;
		}
		Map<String, String> expected = new LinkedHashMap<>();
		spec.body().forEach((name, value) -> expected.put(name, expand((String) value, credentials)));
		if (spec.bodyFormat() == BodyFormat.JSON) {
			Map<?, ?> sent = JsonMapper.shared().readValue(request.body(), Map.class);
			assertThat(sent).isEqualTo(expected);
			return;
		}
		Map<String, String> sent = new LinkedHashMap<>();
		String form = new String(request.body(), StandardCharsets.UTF_8);
		for (String pair : form.isEmpty() ? new String[0] : form.split("&")) {
			int equals = pair.indexOf('=');
			sent.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
		}
		assertThat(sent).isEqualTo(expected);
	}

	/**
	 * Fill in a template in one pass, as the factory's contract says: values are never read as templates.
	 */
	private static String expand(String template, Map<String, String> credentials) {
		Matcher matcher = VARIABLE.matcher(template);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(result, Matcher.quoteReplacement(credentials.get(matcher.group(1))));
		}
		return matcher.appendTail(result).toString();
	}

}
