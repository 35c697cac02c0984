package dev.tokenstarter.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.unit.DataSize;

import dev.tokenstarter.autoconfigure.TokenStarterMetadata.Hint;
import dev.tokenstarter.autoconfigure.TokenStarterMetadata.Property;
import dev.tokenstarter.core.definition.TokenClientDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests that the generated configuration metadata documents every bindable {@code token-starter.*}
 * property, found by walking {@link TokenStarterProperties}, with its type, default and the javadoc of
 * its field; and that the value hints of the enumerated keys are exactly what
 * {@link TokenClientDefinitionMapper} accepts. The configuration processor does not look inside map
 * values, so the keys of each client ({@code token-starter.clients.*.xxx}) are written by hand in
 * {@code src/main/resources/META-INF/additional-spring-configuration-metadata.json}; these tests keep
 * them true.
 */
class ConfigurationMetadataTests {

	private static final String ADDITIONAL = "src/main/resources/META-INF/additional-spring-configuration-metadata.json";

	private static final String SOURCE = "src/main/java/dev/tokenstarter/autoconfigure/TokenStarterProperties.java";

	private static final String CLIENT = "token-starter.clients.hinted.";

	private static TokenStarterMetadata metadata;

	private static Map<String, Bindable> bindable;

	@BeforeAll
	static void load() throws Exception {
		metadata = TokenStarterMetadata.load();
		bindable = new LinkedHashMap<>();
		collect(TokenStarterProperties.class, new TokenStarterProperties(), "token-starter", bindable);
	}

	@Test
	void metadataWhenGeneratedThenHasAnEntryForEveryBindablePropertyAndNoOther() {
		Set<String> documented = new TreeSet<>(metadata.properties().keySet());
		documented.remove("token-starter.clients");
		Set<String> missing = new TreeSet<>(bindable.keySet());
		missing.removeAll(documented);
		Set<String> stale = new TreeSet<>(documented);
		stale.removeAll(bindable.keySet());
		assertThat(missing).as("keys without metadata; add the keys of each client to %s (the configuration "
				+ "processor does not look inside map values), then rebuild the module", ADDITIONAL).isEmpty();
		assertThat(stale).as("metadata of keys that TokenStarterProperties does not have; remove them from %s",
				ADDITIONAL)
			.isEmpty();
	}

	@Test
	void metadataWhenGeneratedThenEveryPropertyHasASentenceOfDescription() {
		assertThat(metadata.properties().values()).allSatisfy((property) -> assertThat(property.description())
			.as(property.name())
			.isNotBlank()
			.endsWith(".")
			.doesNotStartWith("The ")
			.doesNotStartWith("A "));
	}

	@Test
	void metadataWhenGeneratedThenTypesAndDefaultsMatchTheProperties() {
		assertThat(bindable.values()).allSatisfy((property) -> {
			Property documented = metadata.properties().get(property.name());
			assertThat(documented).as(property.name()).isNotNull();
			assertThat(documented.type()).as("type of %s", property.name()).isEqualTo(property.type());
			assertThat(defaultValue(documented.defaultValue(), property.value()))
				.as("defaultValue of %s", property.name())
				.isEqualTo(expectedDefault(property.value()));
		});
	}

	@Test
	void metadataWhenClientKeysWrittenByHandThenDescriptionsAreTheFieldsJavadoc() throws IOException {
		Map<String, String> javadoc = javadoc(Files.readString(Path.of(SOURCE)));
		assertThat(bindable.values()).filteredOn((property) -> property.name().contains(".*."))
			.allSatisfy((property) -> {
				Property documented = metadata.properties().get(property.name());
				assertThat(documented).as("metadata of %s", property.name()).isNotNull();
				assertThat(documented.description()).as("description of %s in %s", property.name(), ADDITIONAL)
					.isEqualTo(javadoc.get(property.javadocKey()));
			});
	}

	@Test
	void hintsWhenGeneratedThenEachNamesADocumentedProperty() {
		assertThat(metadata.hints().keySet()).allSatisfy((name) -> assertThat(metadata.properties()).containsKey(name));
		assertThat(metadata.hints().values()).allSatisfy((values) -> assertThat(values).isNotEmpty()
			.allSatisfy((hint) -> assertThat(hint.description()).as(hint.value()).isNotBlank().endsWith(".")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("enumeratedKeys")
	void hintsWhenKeyEnumeratedThenValuesAreExactlyWhatTheMapperAccepts(String name) {
		List<String> hinted = hintValues(name);
		for (String value : hinted) {
			assertThatNoException().as("%s=%s", name, value).isThrownBy(() -> map(name, value));
		}
		InvalidTokenClientConfigurationException failure = catchThrowableOfType(
				InvalidTokenClientConfigurationException.class, () -> map(name, "not-a-value"));
		assertThat(failure).as("failure of %s=not-a-value", name).isNotNull();
		Matcher accepted = Pattern.compile(" is not one of (.+)\\.$").matcher(failure.getMessage());
		assertThat(accepted.find()).as(failure.getMessage()).isTrue();
		assertThat(hinted).containsExactlyInAnyOrderElementsOf(Arrays.asList(accepted.group(1).split(", ")));
	}

	static Stream<String> enumeratedKeys() throws IOException {
		return TokenStarterMetadata.load()
			.hints()
			.keySet()
			.stream()
			.filter((name) -> name.startsWith("token-starter.clients.*.") && !name.endsWith(".attach.scheme"));
	}

	@Test
	void hintsWhenAttachSchemeThenSuggestionsThatTheMapperAccepts() {
		assertThat(hintValues("token-starter.clients.*.attach.scheme")).containsExactly("Bearer", "none");
		assertThat(map("token-starter.clients.*.attach.scheme", "Bearer").getAttach().scheme()).isEqualTo("Bearer");
		assertThat(map("token-starter.clients.*.attach.scheme", "none").getAttach().scheme()).isNull();
	}

	@Test
	void hintsWhenStoreTypeThenTheStoresThatAutoConfigurationsSwitchOn() {
		assertThat(hintValues("token-starter.store.type")).containsExactly("memory", "jdbc", "redis");
	}

	private static List<String> hintValues(String name) {
		List<Hint> hints = metadata.hints().get(name);
		assertThat(hints).as("hints of %s", name).isNotNull();
		return hints.stream().map(Hint::value).toList();
	}

	/**
	 * Map a valid client whose key {@code name} (with {@code *} for the client id) has the given value.
	 */
	private static TokenClientDefinition map(String name, String value) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put(CLIENT + "client-id", "hinted-client");
		properties.put(CLIENT + "client-secret", "hinted-secret");
		properties.put(CLIENT + "token.uri", "https://api.example.com/oauth/token");
		properties.put(CLIENT + "token.response.lifetime", "1h");
		properties.put(CLIENT + "token.response.refresh-lifetime", "14d");
		properties.put(CLIENT + "refresh.uri", "https://api.example.com/oauth/refresh");
		properties.put(name.replace("token-starter.clients.*.", CLIENT), value);
		if (name.endsWith(".delivery") && value.equals("callback")) {
			String endpoint = name.replace("token-starter.clients.*.", CLIENT).replace(".delivery", "");
			properties.put(endpoint + ".query.callback", "{callback-uri}");
		}
		if (value.equals("self-signed-jwt")) {
			properties.keySet()
				.removeIf((key) -> key.startsWith(CLIENT + "token.") || key.startsWith(CLIENT + "refresh."));
			properties.put(CLIENT + "jwt.key", "classpath:jwt/ec-p256-pkcs8.pem");
		}
		if (value.equals("private-key-jwt")) {
			properties.put(CLIENT + "jwt.key", "classpath:jwt/rsa-pkcs8.pem");
			properties.put(name.replace("token-starter.clients.*.", CLIENT).replace("client-authentication",
					"body-format"), "form");
		}
		if (name.endsWith(".body-format") && value.equals("raw")) {
			String endpoint = name.replace("token-starter.clients.*.", CLIENT).replace(".body-format", "");
			properties.put(endpoint + ".raw-body.template", "<token><id>{client-id}</id></token>");
			properties.put(endpoint + ".raw-body.content-type", "application/xml");
		}
		TokenStarterProperties bound = new Binder(new MapConfigurationPropertySource(properties))
			.bind("token-starter", TokenStarterProperties.class)
			.get();
		return new TokenClientDefinitionMapper().map("hinted", bound.getClients().get("hinted"));
	}

	private static @Nullable Object defaultValue(@Nullable JsonNode node, @Nullable Object actual) {
		if (node == null) {
			return null;
		}
		if (actual instanceof Duration) {
			return DurationStyle.detectAndParse(node.asString());
		}
		if (actual instanceof DataSize) {
			return DataSize.parse(node.asString());
		}
		if (node.isArray()) {
			List<Object> values = new ArrayList<>();
			node.forEach((element) -> values.add(element.isNumber() ? element.numberValue() : element.asString()));
			return values;
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (node.isNumber()) {
			return (actual instanceof Double) ? (Object) node.doubleValue() : (Object) node.intValue();
		}
		return node.asString();
	}

	private static @Nullable Object expectedDefault(@Nullable Object value) {
		if (value instanceof Collection<?> collection) {
			return collection.isEmpty() ? null : new ArrayList<>(collection);
		}
		if (value instanceof Map<?, ?> map) {
			return map.isEmpty() ? null : map;
		}
		return value;
	}

	/**
	 * Collect the bindable properties of a properties class: JavaBean properties with a setter, and maps
	 * and lists, which the binder fills in place; nested groups recursively, and the values of maps of
	 * groups under {@code *}.
	 */
	private static void collect(Class<?> type, Object instance, String prefix, Map<String, Bindable> properties) {
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			Method getter = descriptor.getReadMethod();
			if (getter == null || getter.getDeclaringClass() == Object.class) {
				continue;
			}
			String name = prefix + "." + kebab(descriptor.getName());
			ResolvableType propertyType = ResolvableType.forMethodReturnType(getter);
			Object value = ReflectionUtils.invokeMethod(getter, instance);
			Class<?> mapValue = Map.class.isAssignableFrom(descriptor.getPropertyType())
					? propertyType.asMap().resolveGeneric(1) : null;
			if (isGroup(descriptor.getPropertyType())) {
				collect(descriptor.getPropertyType(), value, name, properties);
			}
			else if (mapValue != null && isGroup(mapValue)) {
				collect(mapValue, BeanUtils.instantiateClass(mapValue), name + ".*", properties);
			}
			else if (descriptor.getWriteMethod() != null || value instanceof Map || value instanceof Collection) {
				properties.put(name, new Bindable(name, typeName(propertyType), value,
						getter.getDeclaringClass().getSimpleName() + "." + descriptor.getName()));
			}
		}
	}

	private static boolean isGroup(Class<?> type) {
		return type.getName().startsWith("dev.tokenstarter.") && !type.isEnum();
	}

	private static String typeName(ResolvableType type) {
		Class<?> raw = ClassUtils.resolvePrimitiveIfNecessary(type.toClass());
		if (!type.hasGenerics()) {
			return raw.getName();
		}
		return raw.getName() + Arrays.stream(type.getGenerics())
			.map(ConfigurationMetadataTests::typeName)
			.collect(Collectors.joining(",", "<", ">"));
	}

	private static String kebab(String name) {
		return name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
	}

	/**
	 * Return the javadoc of the fields of the nested classes of TokenStarterProperties, by
	 * {@code Class.field}, cleaned up as the configuration processor does.
	 */
	private static Map<String, String> javadoc(String source) {
		Map<String, String> javadoc = new LinkedHashMap<>();
		Matcher classes = Pattern.compile("public static class (\\w+) \\{").matcher(source);
		Pattern field = Pattern.compile(
				"/\\*\\*(.*?)\\*/\\s*private\\s+(?:final\\s+)?(?:@Nullable\\s+)?[\\w.<>, ]+?\\s+(\\w+)\\s*[=;]",
				Pattern.DOTALL);
		while (classes.find()) {
			String body = classBody(source, classes.end());
			Matcher fields = field.matcher(body);
			while (fields.find()) {
				String text = Arrays.stream(fields.group(1).split("\\R"))
					.map((line) -> line.strip().replaceFirst("^\\*\\s?", ""))
					.collect(Collectors.joining(" "))
					.replaceAll(" +", " ")
					.strip();
				javadoc.putIfAbsent(classes.group(1) + "." + fields.group(2), text);
			}
		}
		return javadoc;
	}

	private static String classBody(String source, int start) {
		int depth = 1;
		int end = start;
		while (depth > 0) {
			char c = source.charAt(end++);
			depth += (c == '{') ? 1 : (c == '}') ? -1 : 0;
		}
		return source.substring(start, end - 1);
	}

	record Bindable(String name, String type, @Nullable Object value, String javadocKey) {
	}

}
