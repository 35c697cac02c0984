package dev.tokenstarter.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@code docs/reference.md} is what {@link ReferenceDocsGenerator} makes of the configuration
 * metadata. Run with {@code -Dtoken-starter.docs.write=true} to rewrite the file instead.
 */
class ReferenceDocsTests {

	private static final Path REFERENCE = Path.of("..", "docs", "reference.md");

	private static TokenStarterMetadata metadata;

	private static String generated;

	@BeforeAll
	static void generate() throws IOException {
		metadata = TokenStarterMetadata.load();
		generated = new ReferenceDocsGenerator().generate(metadata);
		if (Boolean.getBoolean("token-starter.docs.write")) {
			Files.writeString(REFERENCE, generated, StandardCharsets.UTF_8);
		}
	}

	@Test
	void referenceWhenGeneratedThenEqualsDocsFile() throws IOException {
		assertThat(REFERENCE).as("docs/reference.md; create it with: %s", ReferenceDocsGenerator.REGENERATE)
			.exists();
		assertThat(Files.readString(REFERENCE, StandardCharsets.UTF_8))
			.as("docs/reference.md differs from the configuration metadata; regenerate it with: %s",
					ReferenceDocsGenerator.REGENERATE)
			.isEqualTo(generated);
	}

	@Test
	void referenceWhenGeneratedThenHasARowForEveryKeyButTheClientsMap() {
		long rows = generated.lines().filter((line) -> line.startsWith("| `token-starter.")).count();
		assertThat(rows).isEqualTo(metadata.properties().size() - 1);
		assertThat(generated).contains("| `token-starter.clients.<id>.token.uri` | `String` |  | Endpoint URI")
			.contains("| `token-starter.clients.<id>.invalid-token.statuses` | `List<Integer>` | `[401]` |")
			.contains("| `token-starter.clients.<id>.connect-timeout` | `Duration` | `5s` |")
			.doesNotContain("`token-starter.clients` |");
	}

	@Test
	void referenceWhenKeyEnumeratedThenListsItsValuesAndTheirMeaning() {
		assertThat(generated).contains("with no token endpoint. One of `login`, `client-credentials`, "
				+ "`code`, `self-signed-jwt`. |")
			.contains("For example `Bearer`, `none`. |")
			.contains("### `expires-kind`, `refresh-expires-kind`\n\nKeys: "
					+ "`token-starter.clients.<id>.refresh.response.expires-kind`, "
					+ "`token-starter.clients.<id>.refresh.response.refresh-expires-kind`, "
					+ "`token-starter.clients.<id>.token.response.expires-kind`, "
					+ "`token-starter.clients.<id>.token.response.refresh-expires-kind`.")
			.contains("| `epoch-seconds` | Absolute time in seconds since the Unix epoch. |");
	}

}
