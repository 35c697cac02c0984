package dev.tokenstarter.core.request;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link Templates}.
 *
 * @author token-starter
 */
class TemplatesTests {

	private static final Function<String, String> AS_IS = Function.identity();

	@Test
	void variablesWhenTemplateThenNamesInOrderOfFirstUse() {
		assertThat(Templates.variables("https://{host}/t/{tenant_id}?a={client-id}&b={host}&c={x.y}"))
			.containsExactly("host", "tenant_id", "client-id", "x.y");
	}

	@Test
	void variablesWhenBracesAreNotVariablesThenNone() {
		assertThat(Templates.variables("{\"a\":1} {} {a b} {a/b}")).isEmpty();
	}

	@Test
	void expandWhenNoBraceThenSameInstance() {
		String template = "https://api.example.com/token";
		assertThat(Templates.expand(template, Map.of(), AS_IS)).isSameAs(template);
	}

	@Test
	void expandWhenVariablesThenEncoderAppliedToValuesOnly() {
		Map<String, String> values = Map.of("tenant", "acme corp", "client-id", "c/1");
		Function<String, String> encoder = (value) -> URLEncoder.encode(value, StandardCharsets.UTF_8);
		assertThat(Templates.expand("https://x/{tenant}/t?a b={client-id}", values, encoder))
			.isEqualTo("https://x/acme+corp/t?a b=c%2F1");
	}

	@Test
	void expandWhenSameVariableTwiceThenFilledTwice() {
		assertThat(Templates.expand("{a}-{a}", Map.of("a", "x"), AS_IS)).isEqualTo("x-x");
	}

	@Test
	void expandWhenBracesAreNotVariablesThenLeftAsTheyAre() {
		assertThat(Templates.expand("{} {a b} {{a}}", Map.of("a", "x"), AS_IS)).isEqualTo("{} {a b} {x}");
	}

	@Test
	void expandWhenValueLooksLikeTemplateOrGroupReferenceThenInsertedLiterally() {
		Map<String, String> values = Map.of("password", "$1\\{client-id}$0", "client-id", "id");
		assertThat(Templates.expand("p={password}", values, AS_IS)).isEqualTo("p=$1\\{client-id}$0");
	}

	@Test
	void expandWhenValueIsUnicodeThenUnchanged() {
		assertThat(Templates.expand("{u}", Map.of("u", "jöhn 中 €"), AS_IS)).isEqualTo("jöhn 中 €");
	}

	@Test
	void expandWhenVariableMissingThenIllegalStateExceptionNamesItAndNoValue() {
		Map<String, String> values = Map.of("client-secret", "S3cr3t-Value");
		assertThatIllegalStateException()
			.isThrownBy(() -> Templates.expand("{client-secret}:{app-id}", values, AS_IS))
			.withMessageContaining("{app-id}")
			.withMessageNotContaining("S3cr3t-Value");
	}

}
