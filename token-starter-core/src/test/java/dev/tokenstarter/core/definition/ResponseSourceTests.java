package dev.tokenstarter.core.definition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JsonPointer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ResponseSource}.
 *
 * @author token-starter
 */
class ResponseSourceTests {

	@Test
	void parseWhenJsonPointerThenBodySource() {
		ResponseSource source = ResponseSource.parse(" /token/expires_at ");

		assertThat(source.isHeader()).isFalse();
		assertThat(source.pointer()).isEqualTo(JsonPointer.compile("/token/expires_at"));
		assertThat(source).hasToString("/token/expires_at");
	}

	@Test
	void parseWhenHeaderPrefixThenHeaderSourceInAnyCase() {
		ResponseSource source = ResponseSource.parse("Header: X-Subject-Token");

		assertThat(source.isHeader()).isTrue();
		assertThat(source.header()).isEqualTo("X-Subject-Token");
		assertThat(source).hasToString("header:X-Subject-Token").isEqualTo(ResponseSource.header("X-Subject-Token"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "access_token", "header:", "header:X Token", "/a~2b", "header:X-Tök" })
	void parseWhenNeitherPointerNorHeaderThenIllegalArgumentWithValue(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> ResponseSource.parse(value))
			.withMessageContaining("'" + value + "'");
	}

}
