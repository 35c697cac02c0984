package dev.tokenstarter.test.docs;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that every Java snippet of the README and the cookbook compiles as printed, imports included,
 * against this module's test classpath (token-starter, token-starter-test, Spring Boot's test support,
 * WebFlux). The YAML blocks of the cookbook are bound by {@code CookbookDocsTests} in
 * token-starter-autoconfigure; the Java snippets are compiled here, the one module whose tests see both
 * the starter and token-starter-test. The snippets of one document are compiled together, so that one
 * may use a class another declares; a failure names the document and its line.
 */
class JavaSnippetsDocsTests {

	private static final Path ROOT = Path.of("..");

	static Stream<String> documents() {
		return Stream.of("README.md", "docs/cookbook.md");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("documents")
	void snippetsWhenCompiledAsPrintedThenCompile(String document, @TempDir Path classes) throws IOException {
		List<Snippet> snippets = snippets(document);
		assertThat(snippets).as("Java snippets of %s", document).isNotEmpty();
		assertThat(compile(snippets, classes)).as("compiler errors in %s", document).isEmpty();
	}

	@Test
	void compileWhenSnippetDoesNotCompileThenNamesDocumentAndLine(@TempDir Path classes) {
		Snippet broken = new Snippet("README.md", 40, "class Broken {\n\n\tRestClient client;\n\n}\n");
		assertThat(compile(List.of(broken), classes)).singleElement()
			.asString()
			.startsWith("README.md:42: ")
			.contains("RestClient");
	}

	@Test
	void snippetsWhenReadThenEachStartsAtItsLineInTheDocument() throws IOException {
		for (String document : documents().toList()) {
			List<String> lines = Files.readAllLines(ROOT.resolve(document), StandardCharsets.UTF_8);
			for (Snippet snippet : snippets(document)) {
				assertThat(lines.get(snippet.line() - 2)).isEqualTo("```java");
				assertThat(lines.get(snippet.line() - 1)).isEqualTo(snippet.source().lines().findFirst().orElseThrow());
			}
		}
	}

	/**
	 * Return the Java snippets of a document, each with the line of the document its first line is on.
	 */
	static List<Snippet> snippets(String document) throws IOException {
		List<String> lines = Files.readAllLines(ROOT.resolve(document), StandardCharsets.UTF_8);
		List<Snippet> snippets = new ArrayList<>();
		StringBuilder source = null;
		int start = 0;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (source == null && line.equals("```java")) {
				source = new StringBuilder();
				start = i + 2;
			}
			else if (source != null && line.startsWith("```")) {
				snippets.add(new Snippet(document, start, source.toString()));
				source = null;
			}
			else if (source != null) {
				source.append(line).append('\n');
			}
		}
		assertThat(source).as("unclosed ```java block in %s", document).isNull();
		return snippets;
	}

	/**
	 * Compile snippets together and return the errors, each as {@code document:line: message}.
	 */
	private static List<String> compile(List<Snippet> snippets, Path classes) {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
				"-proc:none", "-implicit:none", "-Xlint:none", "-parameters");
		try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
				StandardCharsets.UTF_8)) {
			List<SnippetFile> units = snippets.stream().map(SnippetFile::new).toList();
			compiler.getTask(null, files, diagnostics, options, null, units).call();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		List<String> errors = new ArrayList<>();
		for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
			if (diagnostic.getKind() != Diagnostic.Kind.ERROR) {
				continue;
			}
			String where = (diagnostic.getSource() instanceof SnippetFile file)
					? file.snippet.document() + ":" + (file.snippet.line() + diagnostic.getLineNumber() - 1) : "?";
			errors.add(where + ": " + diagnostic.getMessage(Locale.ROOT));
		}
		return errors;
	}

	record Snippet(String document, int line, String source) {
	}

	private static final class SnippetFile extends SimpleJavaFileObject {

		private final Snippet snippet;

		SnippetFile(Snippet snippet) {
			super(URI.create("string:///" + snippet.document().replace('/', '_').replace('.', '_') + "_line"
					+ snippet.line() + Kind.SOURCE.extension), Kind.SOURCE);
			this.snippet = snippet;
		}

		@Override
		public CharSequence getCharContent(boolean ignoreEncodingErrors) {
			return this.snippet.source();
		}

	}

}
