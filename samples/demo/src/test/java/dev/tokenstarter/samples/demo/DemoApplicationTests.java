package dev.tokenstarter.samples.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo, as the README runs it: against the embedded emulator, every API prints OK.
 *
 * @author token-starter
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoApplicationTests {

	@Test
	void runWhenEmulatorIsEmbeddedThenEveryApiIsOkAndExitCodeIsZero(CapturedOutput output) {
		int exitCode = DemoApplication.run();
		assertThat(output.getOut()).contains("memories: OK token fetched (1 token request)",
				"tokens-make: OK token fetched (1 token request)", "mention-me: OK", "agt: OK", "firebase-login: OK",
				"short-lived: OK token fetched (1 token request)", "keystone: OK token fetched (1 token request)",
				"github-classic: OK token fetched (1 token request)", "github-app: OK token fetched (1 token request)",
				"google: OK token fetched (1 token request)", "partner-idp: OK token fetched (1 token request)",
				"app-store: OK token fetched as a self-signed JWT (0 token requests, 1 new JWT) for a RestClient call,"
						+ " token reused (0 token requests, 0 new JWTs) for a WebClient call, token renewed after the API"
						+ " refused it (0 token requests, 1 new JWT) by signing a new JWT");
		assertThat(output.getOut()).doesNotContain("FAILED");
		assertThat(output.getOut()).contains("token reused (0 token requests)");
		long clients = output.getOut().lines().filter((line) -> line.matches("[a-z-]+: OK .*")).count();
		assertThat(clients).isGreaterThanOrEqualTo(8);
		assertThat(output.getOut()).containsPattern("actuator: http://127\\.0\\.0\\.1:\\d+/actuator/tokens")
			.contains("actuator tokens: " + clients + " clients, all valid",
					"actuator health: UP, tokenClients UP (" + clients + " of " + clients + " clients up)",
					"actuator metrics: token.starter.token.requests " + (2 * clients) + " (outcome: success)");
		assertThat(exitCode).isZero();
	}

	@Test
	void runWhenApiRejectsCredentialsThenPrintsFailedAndExitCodeIsNonZero(CapturedOutput output) {
		int exitCode = DemoApplication.run("--token-starter.clients.agt.client-secret=not-the-secret");
		assertThat(output.getOut()).contains("agt: FAILED Token endpoint of client 'agt' answered HTTP 401")
			.contains("240101")
			.contains("mention-me: OK")
			.containsPattern("actuator tokens: (\\d+) clients: \\d+ valid, 1 failing \\(agt\\)")
			.containsPattern("actuator health: DOWN, tokenClients DOWN \\(\\d+ of \\d+ clients up; agt DOWN\\)")
			.doesNotContain("not-the-secret");
		assertThat(exitCode).isEqualTo(1);
	}

}
