package dev.tokenstarter.samples.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecordedRequestTests {

	@Test
	void headerWhenNameInAnyCaseThenReturnsFirstValue() {
		RecordedRequest request = new RecordedRequest("GET", "/x", null,
				Map.of("Authorization", List.of("first", "second")), null);
		assertThat(request.header("authorization")).isEqualTo("first");
		assertThat(request.header("AUTHORIZATION")).isEqualTo("first");
		assertThat(request.headers()).containsOnlyKeys("authorization");
	}

	@Test
	void headerWhenAbsentThenNull() {
		RecordedRequest request = new RecordedRequest("GET", "/x", null, Map.of(), "");
		assertThat(request.header("Authorization")).isNull();
	}

	@Test
	void constructorWhenNamesDifferOnlyInCaseThenValuesAreMerged() {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("X-Trace", List.of("a"));
		headers.put("x-trace", List.of("b"));
		RecordedRequest request = new RecordedRequest("GET", "/x", null, headers, null);
		assertThat(request.headers().get("x-trace")).containsExactly("a", "b");
	}

	@Test
	void constructorWhenBodyNullThenEmpty() {
		RecordedRequest request = new RecordedRequest("POST", "/x", "a=b", null, null);
		assertThat(request.body()).isEmpty();
		assertThat(request.headers()).isEmpty();
		assertThat(request.query()).isEqualTo("a=b");
	}

}
