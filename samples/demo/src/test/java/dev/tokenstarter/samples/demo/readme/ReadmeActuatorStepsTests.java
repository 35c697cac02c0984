package dev.tokenstarter.samples.demo.readme;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Follows the README's Actuator steps literally: an application with the starter and Actuator, and
 * nothing but the {@code properties} block of the README's "Observability" section and one token client,
 * shows the {@code tokenClients} component in {@code /actuator/health} and serves the {@code tokens}
 * endpoint. The demo's own application.yml is not read.
 *
 * @author token-starter
 */
class ReadmeActuatorStepsTests {

	private static final Path README = Path.of("..", "..", "README.md");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Test
	void readmeWhenActuatorStepsFollowedThenHealthShowsTokenClientsAndTokensEndpointAnswers() throws Exception {
		List<String> properties = new ArrayList<>(readmeActuatorProperties());
		assertThat(properties).isNotEmpty().allMatch((property) -> property.startsWith("management."));
		properties.add("spring.config.name=readme-actuator-steps");
		properties.add("spring.main.banner-mode=off");
		properties.add("server.port=0");
		properties.add("server.address=127.0.0.1");
		properties.add("token-starter.clients.readme-api.token.uri=http://127.0.0.1:9/oauth/token");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ReadmeApplication.class)
			.properties(properties.toArray(String[]::new))
			.run()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> health = get(port, "/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"tokenClients\"").contains("\"readme-api\"");
			HttpResponse<String> tokens = get(port, "/actuator/tokens");
			assertThat(tokens.statusCode()).isEqualTo(200);
			assertThat(tokens.body()).contains("\"readme-api\"");
		}
	}

	/**
	 * Return the lines of the first {@code properties} block of the README's "Observability" section.
	 */
	private static List<String> readmeActuatorProperties() throws IOException {
		List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
		int section = lines.indexOf("## Observability");
		assertThat(section).as("README section Observability").isNotNegative();
		List<String> properties = new ArrayList<>();
		boolean inBlock = false;
		for (String line : lines.subList(section + 1, lines.size())) {
			if (line.startsWith("## ")) {
				break;
			}
			if (!inBlock && line.equals("```properties")) {
				inBlock = true;
			}
			else if (inBlock && line.startsWith("```")) {
				break;
			}
			else if (inBlock && !line.isBlank()) {
				properties.add(line.trim());
			}
		}
		return properties;
	}

	private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ReadmeApplication {

	}

}
