package dev.tokenstarter.test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tokenstarter.test.TokenEndpointStub.RecordedTokenRequest;
import dev.tokenstarter.test.TokenEndpointStub.Reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link TokenEndpointStub}, through the JDK's HTTP client.
 */
class TokenEndpointStubTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final TokenEndpointStub stub = new TokenEndpointStub();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	@AfterEach
	void close() {
		this.stub.close();
	}

	@Test
	void requestWhenDefaultRepliesThenNumberedBearerTokensOfOneHour() throws Exception {
		HttpResponse<String> first = post(this.stub.uri(), "application/x-www-form-urlencoded", "a=b");
		HttpResponse<String> second = post(this.stub.baseUri() + "/refresh", "application/json", "{}");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(first.body())
			.isEqualTo("{\"access_token\":\"stub-token-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
		assertThat(second.body()).contains("\"access_token\":\"stub-token-2\"");
		assertThat(this.stub.requests()).extracting(RecordedTokenRequest::path).containsExactly("/token", "/refresh");
	}

	@Test
	void requestWhenFormBodyAndHeadersThenRecordedDecoded() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.stub.uri() + "?scope=edit%20read"))
			.timeout(TIMEOUT)
			.header("Authorization", "Basic Y2xpZW50OnNlY3JldA==")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=my%2Bclient"))
			.build();
		this.http.send(request, HttpResponse.BodyHandlers.ofString());
		RecordedTokenRequest recorded = this.stub.lastRequest();
		assertThat(recorded.method()).isEqualTo("POST");
		assertThat(recorded.path()).isEqualTo("/token");
		assertThat(recorded.header("authorization")).isEqualTo("Basic Y2xpZW50OnNlY3JldA==");
		assertThat(recorded.header("X-Missing")).isNull();
		assertThat(recorded.formParameters()).containsEntry("grant_type", "client_credentials")
			.containsEntry("client_id", "my+client");
		assertThat(recorded.queryParameters()).containsExactlyEntriesOf(Map.of("scope", "edit read"));
	}

	@Test
	void respondWhenRepliesSetThenEachRequestAnsweredFromItsBody() throws Exception {
		this.stub.respond((request) -> request.body().contains("bad")
				? Reply.json(400, "{\"error\":\"invalid_client\"}")
				: Reply.token("made-for-" + request.formParameters().get("user"), Duration.ofMinutes(5)));
		HttpResponse<String> refused = post(this.stub.uri(), "application/x-www-form-urlencoded", "user=bad");
		HttpResponse<String> issued = post(this.stub.uri(), "application/x-www-form-urlencoded", "user=ann");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).isEqualTo("{\"error\":\"invalid_client\"}");
		assertThat(issued.body()).contains("\"access_token\":\"made-for-ann\"").contains("\"expires_in\":300");
	}

	@Test
	void requestWhenBodyOverLimitThen413AndBodyRecordedCut() throws Exception {
		String body = "x".repeat(TokenEndpointStub.MAX_BODY_BYTES + 10);
		HttpResponse<String> response = post(this.stub.uri(), "text/plain", body);
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(this.stub.lastRequest().body()).hasSize(TokenEndpointStub.MAX_BODY_BYTES);
	}

	@Test
	void resetWhenCalledThenRequestsForgottenCountRestartsAndDefaultRepliesBack() throws Exception {
		post(this.stub.uri(), "text/plain", "");
		this.stub.respond(Reply.json(500, "{}"));
		this.stub.reset();
		assertThat(this.stub.requests()).isEmpty();
		assertThat(post(this.stub.uri(), "text/plain", "").body()).contains("\"access_token\":\"stub-token-1\"");
	}

	@Test
	void lastRequestWhenNoneThenIllegalState() {
		assertThatIllegalStateException().isThrownBy(this.stub::lastRequest)
			.withMessage("The token endpoint stub received no request");
	}

	@Test
	void closeWhenCalledThenConnectionsRefused() {
		String uri = this.stub.uri();
		this.stub.close();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> post(uri, "text/plain", ""));
	}

	@Test
	void toStringWhenRequestHoldsCredentialsThenNeitherHeaderValuesNorBodyShown() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.stub.uri()))
			.timeout(TIMEOUT)
			.header("Authorization", "Basic SECRET-HEADER")
			.POST(HttpRequest.BodyPublishers.ofString("password=SECRET-BODY"))
			.build();
		this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(this.stub.lastRequest().toString()).contains("authorization")
			.doesNotContain("SECRET-HEADER")
			.doesNotContain("SECRET-BODY");
		assertThat(Reply.token("SECRET-TOKEN", Duration.ofMinutes(1)).toString()).doesNotContain("SECRET-TOKEN");
	}

	private HttpResponse<String> post(String uri, String contentType, String body)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
			.timeout(TIMEOUT)
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
