package dev.tokenstarter.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ByteArrayResource;

import dev.tokenstarter.core.definition.TokenClientDefinitions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that every YAML block of {@code docs/cookbook.md} binds without an unknown
 * {@code token-starter.*} key and maps to working token clients, with each {@code ${VARIABLE}} replaced
 * by a sample value.
 */
class CookbookDocsTests {

	private static final Path COOKBOOK = Path.of("..", "docs", "cookbook.md");

	private static final Pattern YAML_BLOCK = Pattern.compile("(?m)^### ([^\\n]+)$|^```yaml\\n(.*?)^```",
			Pattern.DOTALL);

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::[^}]*)?}");

	@ParameterizedTest(name = "{0}")
	@MethodSource("yamlBlocks")
	void yamlWhenBoundAndMappedThenValid(String heading, String yaml) throws IOException {
		TokenStarterProperties properties = bind(yaml);
		TokenClientDefinitions definitions = new TokenClientDefinitionMapper().map(properties);
		assertThat(definitions.all()).isNotEmpty();
	}

	@Test
	void cookbookWhenReadThenHasTheFiveSeedShapesAndTheRecipes() throws IOException {
		List<String> clients = new ArrayList<>();
		for (Arguments block : yamlBlocks().toList()) {
			clients.addAll(bind((String) block.get()[1]).getClients().keySet());
		}
		assertThat(clients).startsWith("memories", "tokens-make", "mention-me", "agt", "firebase-login")
			.contains("reports", "tickets", "partner", "legacy", "keystone", "github", "legacy-xml");
	}

	static Stream<Arguments> yamlBlocks() throws IOException {
		String cookbook = Files.readString(COOKBOOK, StandardCharsets.UTF_8);
		List<Arguments> blocks = new ArrayList<>();
		Matcher matcher = YAML_BLOCK.matcher(cookbook);
		String heading = "";
		while (matcher.find()) {
			if (matcher.group(1) != null) {
				heading = matcher.group(1);
			}
			else {
				blocks.add(Arguments.of(heading, matcher.group(2)));
			}
		}
		assertThat(blocks).isNotEmpty();
		return blocks.stream();
	}

	private static TokenStarterProperties bind(String yaml) throws IOException {
		ByteArrayResource resource = new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), "cookbook");
		PlaceholdersResolver placeholders = (value) -> (value instanceof String text)
				? PLACEHOLDER.matcher(text).replaceAll((placeholder) -> sample(placeholder.group(1))) : value;
		Binder binder = new Binder(
				ConfigurationPropertySources.from(new YamlPropertySourceLoader().load("cookbook", resource)),
				placeholders);
		return binder
			.bind("token-starter", Bindable.of(TokenStarterProperties.class), new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
			.get();
	}

	private static String sample(String variable) {
		if (variable.endsWith("PRIVATE_KEY")) {
			return variable.startsWith("APP_STORE") ? "classpath:jwt/ec-p256-pkcs8.pem" : "classpath:jwt/rsa-pkcs8.pem";
		}
		return variable.toLowerCase(Locale.ROOT).replace('_', '-') + "-sample";
	}

}
