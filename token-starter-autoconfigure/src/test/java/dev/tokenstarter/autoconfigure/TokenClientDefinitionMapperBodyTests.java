package dev.tokenstarter.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;

import dev.tokenstarter.core.definition.BodyFormat;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.request.TokenRequest;
import dev.tokenstarter.core.request.TokenRequestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for the request bodies that {@link TokenClientDefinitionMapper} maps, bound from YAML as an
 * application binds them: nested JSON bodies, flat form bodies and raw body templates.
 *
 * @author token-starter
 */
class TokenClientDefinitionMapperBodyTests {

	private static final String SECRET = "pa\"ss\\w\u00f6rd";

	private static final String KEYSTONE = """
			token-starter:
			  clients:
			    keystone:
			      grant: login
			      username: admin
			      password: 'pa"ss\\w\u00f6rd'
			      token:
			        uri: https://keystone.example.com/v3/auth/tokens
			        body:
			          auth:
			            identity:
			              methods: [password]
			              password:
			                user:
			                  name: "{username}"
			                  domain: {id: default}
			                  password: "{password}"
			        response:
			          access-token: header:X-Subject-Token
			          expires: /token/expires_at
			          expires-kind: iso-instant
			""";

	private final TokenRequestFactory requestFactory = new TokenRequestFactory();

	@Test
	void mapWhenKeystoneNestedBodyInYamlThenJsonObjectsAndArraysWithEscapedSecrets() {
		TokenClientDefinition definition = map(KEYSTONE);
		TokenRequestSpec spec = definition.getTokenEndpoint().request();

		TokenRequest request = this.requestFactory.create(definition, spec, Map.of());

		assertThat(spec.bodyFormat()).isEqualTo(BodyFormat.JSON);
		assertThat(request.headers().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(new String(request.body(), StandardCharsets.UTF_8))
			.isEqualTo("{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\","
					+ "\"domain\":{\"id\":\"default\"},\"password\":\"pa\\\"ss\\\\w\u00f6rd\"}}}}}");
	}

	@Test
	void mapWhenYamlListOfSeveralAndNumbersThenArrayInOrderAndNumbersKept() {
		TokenClientDefinition definition = map("""
				token-starter:
				  clients:
				    keystone:
				      client-id: app
				      token:
				        uri: https://api.example.com/token
				        body:
				          scopes: [read, write, "{client-id}"]
				          ttl: 3600
				          nested: [{a: x}, {b: y}]
				""");

		TokenRequest request = this.requestFactory.create(definition, definition.getTokenEndpoint().request(),
				Map.of());

		assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo(
				"{\"scopes\":[\"read\",\"write\",\"app\"],\"ttl\":3600,\"nested\":[{\"a\":\"x\"},{\"b\":\"y\"}]}");
	}

	@Test
	void mapWhenNestedBodyRefersToUnsetVariableThenFailureNamesLeafKey() {
		InvalidTokenClientConfigurationException failure = failure(KEYSTONE.replace("\"{username}\"", "\"{user}\""));

		assertThat(failure.getProperty())
			.isEqualTo("token-starter.clients.keystone.token.body.auth.identity.password.user.name");
		assertThat(failure.getMessage()).contains("refers to {user}, which is not set");
	}

	@Test
	void mapWhenFormBodyHasNestedValueThenFailureNamesClientAndKey() {
		InvalidTokenClientConfigurationException failure = failure(KEYSTONE.replace("        body:\n",
				"        body-format: form\n        body:\n"));

		assertThat(failure.getClientId()).isEqualTo("keystone");
		assertThat(failure.getProperty()).isEqualTo("token-starter.clients.keystone.token.body.auth");
		assertThat(failure.getMessage()).isEqualTo("Token client 'keystone': token-starter.clients.keystone.token.body"
				+ ".auth is a nested value, which a form body cannot carry.");
		assertThat(failure.getAction()).contains("token-starter.clients.keystone.token.body-format to json");
		assertThat(failure.getMessage()).doesNotContain(SECRET);
	}

	@Test
	void mapWhenFormBodyFlatThenFormFields() {
		TokenClientDefinition definition = map("""
				token-starter:
				  clients:
				    github:
				      client-id: Iv1.app
				      client-secret: s3cr&t
				      code: cb-1
				      grant: code
				      token:
				        uri: https://github.example.com/login/oauth/access_token
				        body-format: form
				        body:
				          client_id: "{client-id}"
				          client_secret: "{client-secret}"
				          code: "{code}"
				        response:
				          format: form
				""");

		TokenRequest request = this.requestFactory.create(definition, definition.getTokenEndpoint().request(),
				Map.of());

		assertThat(new String(request.body(), StandardCharsets.UTF_8))
			.isEqualTo("client_id=Iv1.app&client_secret=s3cr%26t&code=cb-1");
	}

	@Test
	void mapWhenRawXmlBodyThenTemplateWithXmlEscapedVariablesAndContentType() {
		TokenClientDefinition definition = map("""
				token-starter:
				  clients:
				    legacy-xml:
				      grant: login
				      username: ann
				      password: "<&>"
				      token:
				        uri: https://legacy.example.com/login
				        body-format: raw
				        raw-body:
				          content-type: application/xml;charset=UTF-8
				          template: <login><user>{username}</user><pass>{password}</pass></login>
				""");

		TokenRequest request = this.requestFactory.create(definition, definition.getTokenEndpoint().request(),
				Map.of());

		assertThat(request.headers().getContentType()).hasToString("application/xml;charset=UTF-8");
		assertThat(new String(request.body(), StandardCharsets.UTF_8))
			.isEqualTo("<login><user>ann</user><pass>&lt;&amp;&gt;</pass></login>");
	}

	@Test
	void mapWhenRawJsonTemplateYieldsInvalidJsonThenFailureNamesClientAndTemplateKey() {
		InvalidTokenClientConfigurationException failure = failure(raw("application/json",
				"'{\"user\": {username}x}'"));

		assertThat(failure.getClientId()).isEqualTo("legacy");
		assertThat(failure.getProperty()).isEqualTo("token-starter.clients.legacy.token.raw-body.template");
		assertThat(failure.getMessage()).endsWith("is not valid JSON once its variables are filled in.");
	}

	@Test
	void mapWhenRawJsonTemplateWithVariablesInStringsThenValid() {
		TokenClientDefinition definition = map(raw("application/json", "'{\"user\": \"{username}\", \"n\": 1}'"));

		assertThat(definition.getTokenEndpoint().request().rawBody().contentType())
			.isEqualTo(MediaType.APPLICATION_JSON);
	}

	@Test
	void mapWhenRawBodyWithoutContentTypeOrWithWildcardThenFailureNamesContentTypeKey() {
		for (String contentType : List.of("", "application/*", "not a type")) {
			InvalidTokenClientConfigurationException failure = failure(raw(contentType, "body {username}"));
			assertThat(failure.getProperty()).as(contentType)
				.isEqualTo("token-starter.clients.legacy.token.raw-body.content-type");
		}
	}

	@Test
	void mapWhenRawTemplateSetButBodyFormatJsonThenFailureNamesTemplateKey() {
		InvalidTokenClientConfigurationException failure = failure(
				raw("text/plain", "body {username}").replace("body-format: raw", "body-format: json"));

		assertThat(failure.getProperty()).isEqualTo("token-starter.clients.legacy.token.raw-body.template");
		assertThat(failure.getMessage()).endsWith("is set but body-format is json.");
	}

	@Test
	void mapWhenRawTemplateRefersToUnsetVariableThenFailureNamesTemplateKey() {
		InvalidTokenClientConfigurationException failure = failure(raw("text/plain", "body {pin}"));

		assertThat(failure.getProperty()).isEqualTo("token-starter.clients.legacy.token.raw-body.template");
		assertThat(failure.getMessage()).contains("refers to {pin}, which is not set");
	}

	private static String raw(String contentType, String template) {
		return """
				token-starter:
				  clients:
				    legacy:
				      grant: login
				      username: ann
				      password: secret
				      token:
				        uri: https://legacy.example.com/login
				        body-format: raw
				        raw-body:
				          content-type: "%s"
				          template: %s
				""".formatted(contentType, template);
	}

	private static TokenClientDefinition map(String yaml) {
		List<TokenClientDefinition> definitions = List.copyOf(new TokenClientDefinitionMapper().map(bind(yaml)).all());
		assertThat(definitions).hasSize(1);
		return definitions.get(0);
	}

	private static InvalidTokenClientConfigurationException failure(String yaml) {
		TokenStarterProperties properties = bind(yaml);
		InvalidTokenClientConfigurationException failure = catchThrowableOfType(
				InvalidTokenClientConfigurationException.class, () -> new TokenClientDefinitionMapper().map(properties));
		assertThat(failure).as("failure").isNotNull();
		return failure;
	}

	private static TokenStarterProperties bind(String yaml) {
		try {
			ByteArrayResource resource = new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml");
			Binder binder = new Binder(
					ConfigurationPropertySources.from(new YamlPropertySourceLoader().load("test", resource)));
			return binder.bind("token-starter", Bindable.of(TokenStarterProperties.class)).get();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
