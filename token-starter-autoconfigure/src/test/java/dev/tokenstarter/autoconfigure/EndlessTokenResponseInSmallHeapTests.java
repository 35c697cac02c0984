package dev.tokenstarter.autoconfigure;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.tokenstarter.core.response.TokenEndpointException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@link EndlessTokenResponseInSmallHeap} in a JVM with a 512 MiB heap, as the endless token response
 * that once ran a JVM out of memory (and stopped its clock) did: one fetch on each stack fails cleanly
 * with the response-too-large error, the connection is let go, the heap stays small and time moves on.
 *
 * @author token-starter
 */
class EndlessTokenResponseInSmallHeapTests {

	@Test
	void fetchWhenTokenResponseEndlessInSmallHeapThenFailsCleanlyAndHeapStaysSmall() throws Exception {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		Process process = new ProcessBuilder(java, "-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-cp",
				System.getProperty("java.class.path"), EndlessTokenResponseInSmallHeap.class.getName())
			.redirectErrorStream(true)
			.start();
		process.getOutputStream().close();
		boolean ended = process.waitFor(120, TimeUnit.SECONDS);
		if (!ended) {
			process.destroyForcibly();
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(ended).as("ended within 2 minutes: %s", output).isTrue();
		assertThat(process.exitValue()).as("exit code, output: %s", output).isZero();
		String line = output.lines().filter((candidate) -> candidate.startsWith("rest=")).findFirst().orElse("");
		System.out.println("small-heap " + line);
		Map<String, String> result = Stream.of(line.split(" "))
			.map((pair) -> pair.split("=", 2))
			.filter((pair) -> pair.length == 2)
			.collect(Collectors.toMap((pair) -> pair[0], (pair) -> pair[1]));
		assertThat(result).as(output)
			.containsEntry("rest", TokenEndpointException.RESPONSE_TOO_LARGE)
			.containsEntry("web", TokenEndpointException.RESPONSE_TOO_LARGE)
			.containsEntry("let_go", "true")
			.containsEntry("clock_moved", "true");
		assertThat(Long.parseLong(result.get("max_heap_mb"))).as("max heap").isLessThanOrEqualTo(512);
		assertThat(Long.parseLong(result.get("heap_used_mb"))).as("heap in use after the failures, in MiB")
			.isLessThan(128);
		assertThat(output).doesNotContain("OutOfMemoryError").doesNotContain("small-heap-s3cret");
	}

}
