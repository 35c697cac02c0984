package dev.tokenstarter.samples.demo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.samples.emulator.Credentials;
import dev.tokenstarter.samples.emulator.DemoKeys;
import dev.tokenstarter.samples.emulator.EmulatorSettings;
import dev.tokenstarter.samples.emulator.MutableClock;
import dev.tokenstarter.samples.emulator.ProviderEmulator;
import dev.tokenstarter.samples.emulator.Providers;
import dev.tokenstarter.samples.emulator.RecordedRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three signed-JWT APIs of the demo's {@code application.yml} (a GitHub App, a Google service
 * account with the jwt-bearer grant, and an App Store Connect-style API of self-signed ES256 JWTs),
 * called through the starter's RestClient and WebClient against the emulator, which verifies every
 * signature and claim itself. The tests assert the exact token requests, and verify again the JWTs that
 * were sent, with the public keys, and their claims.
 *
 * @author token-starter
 */
class JwtApisEndToEndTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-12-05T08:00:00Z"));

	private ProviderEmulator emulator;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void start() {
		this.emulator = ProviderEmulator.start(EmulatorSettings.builder().clock(this.clock).build());
		this.context = new SpringApplicationBuilder(DemoApplication.class)
			.initializers((context) -> context.getBeanFactory().registerSingleton("testClock", this.clock))
			.run("--demo.run=false", "--" + DemoApplication.EMULATOR_BASE_URL + "=" + this.emulator.baseUrl());
	}

	@AfterEach
	void stop() {
		this.context.close();
		this.emulator.close();
	}

	@Test
	void gitHubAppWhenCalledThroughBothClientsThenOneInstallationTokenBoughtWithAVerifiedAppJwt() throws Exception {
		String path = "/installation/repositories";

		assertThat(callBoth(Providers.GITHUB_APP, path)).allSatisfy((body) -> assertThat(body).contains("total_count"));

		RecordedRequest request = single(this.emulator.tokenRequests(Providers.GITHUB_APP));
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/github-app/app/installations/4242/access_tokens");
		assertThat(request.query()).isNullOrEmpty();
		assertThat(request.body()).isEmpty();
		assertThat(request.header("Accept")).isEqualTo("application/vnd.github+json");
		assertThat(request.header("Content-Type")).isNull();
		String authorization = request.header("Authorization");
		assertThat(authorization).startsWith("Bearer ");
		SignedJWT jwt = verified(authorization.substring("Bearer ".length()),
				new RSASSAVerifier((RSAPublicKey) DemoKeys.publicKey(DemoKeys.GITHUB_APP_PUBLIC_KEY, "RSA")));
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
		assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo(Credentials.GITHUB_APP_ID);
		assertTimes(claims, Duration.ofMinutes(9));
		String installationToken = onlyIssuedToken(this.emulator, Providers.GITHUB_APP);
		assertThat(this.emulator.apiRequests(Providers.GITHUB_APP)).hasSize(2)
			.allSatisfy((api) -> assertThat(api.header("Authorization")).isEqualTo("token " + installationToken));
	}

	@Test
	void googleWhenCalledThroughBothClientsThenOneJwtBearerGrantWithAVerifiedAssertion() throws Exception {
		assertThat(callBoth(Providers.GOOGLE, "/v1/projects")).allSatisfy((body) -> assertThat(body).contains("projects"));

		RecordedRequest request = single(this.emulator.tokenRequests(Providers.GOOGLE));
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/google/token");
		assertThat(request.query()).isNullOrEmpty();
		assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded;charset=UTF-8");
		assertThat(request.header("Authorization")).isNull();
		Map<String, String> form = form(request.body());
		assertThat(form.keySet()).containsExactly("grant_type", "assertion");
		assertThat(request.body()).startsWith("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=");
		SignedJWT jwt = verified(form.get("assertion"),
				new RSASSAVerifier((RSAPublicKey) DemoKeys.publicKey(DemoKeys.GOOGLE_PUBLIC_KEY, "RSA")));
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo(Credentials.GOOGLE_SERVICE_ACCOUNT);
		assertThat(claims.getStringClaim("scope")).isEqualTo(Credentials.GOOGLE_SCOPE);
		assertThat(claims.getAudience()).containsExactly(this.emulator.baseUrl() + "/google/token");
		assertTimes(claims, Duration.ofHours(1));
	}

	@Test
	void appStoreWhenCalledThroughBothClientsThenOneSelfSignedJwtReusedAndSignedAgainAtItsExp()
			throws Exception {
		String path = "/v1/apps";
		JWSVerifier verifier = new ECDSAVerifier(
				(ECPublicKey) DemoKeys.publicKey(DemoKeys.APP_STORE_PUBLIC_KEY, "EC"));

		assertThat(callBoth(Providers.APP_STORE, path)).allSatisfy((body) -> assertThat(body).contains("apps"));

		assertThat(this.emulator.tokenRequestCount(Providers.APP_STORE)).isZero();
		List<String> jwts = bearerTokens(this.emulator.apiRequests(Providers.APP_STORE));
		assertThat(jwts).hasSize(2).containsOnly(jwts.get(0));
		SignedJWT jwt = verified(jwts.get(0), verifier);
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
		assertThat(jwt.getHeader().getKeyID()).isEqualTo(Credentials.APP_STORE_KEY_ID);
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(Credentials.APP_STORE_ISSUER_ID);
		assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("appstoreconnect-v1");
		assertTimes(jwt.getJWTClaimsSet(), Duration.ofMinutes(20));

		this.clock.advance(Duration.ofMinutes(20).minusSeconds(10));
		restClient(Providers.APP_STORE).get().uri(path).retrieve().body(String.class);

		List<String> after = bearerTokens(this.emulator.apiRequests(Providers.APP_STORE));
		assertThat(after).hasSize(3);
		assertThat(after.get(2)).isNotEqualTo(jwts.get(0));
		assertThat(verified(after.get(2), verifier).getJWTClaimsSet().getIssueTime().toInstant())
			.isEqualTo(this.clock.instant());
		assertThat(this.emulator.tokenRequestCount(Providers.APP_STORE)).isZero();
	}

	@Test
	void partnerIdpWhenCalledThroughBothClientsThenOneClientCredentialsRequestWithAVerifiedClientAssertion()
			throws Exception {
		assertThat(callBoth(Providers.PARTNER_IDP, "/api/reports")).allSatisfy((body) -> assertThat(body).contains("r-1"));

		RecordedRequest request = single(this.emulator.tokenRequests(Providers.PARTNER_IDP));
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/partner-idp/oauth2/token");
		assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded;charset=UTF-8");
		assertThat(request.header("Authorization")).isNull();
		Map<String, String> form = form(request.body());
		assertThat(form.keySet()).containsExactly("grant_type", "scope", "client_assertion_type", "client_assertion");
		assertThat(request.body()).startsWith("grant_type=client_credentials&scope=reports.read"
				+ "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
				+ "&client_assertion=");
		JWTClaimsSet claims = verified(form.get("client_assertion"),
				new RSASSAVerifier((RSAPublicKey) DemoKeys.publicKey(DemoKeys.PARTNER_IDP_PUBLIC_KEY, "RSA")))
			.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo(Credentials.PARTNER_IDP_CLIENT_ID);
		assertThat(claims.getSubject()).isEqualTo(Credentials.PARTNER_IDP_CLIENT_ID);
		assertThat(claims.getAudience()).containsExactly(this.emulator.baseUrl() + "/partner-idp/oauth2/token");
		assertTimes(claims, Duration.ofMinutes(2));
	}

	@Test
	void jwtClientsWhenWebClientCallsFirstThenTheReactiveTokenRequestsCarryVerifiedJwts() throws Exception {
		assertThat(webClient(Providers.GITHUB_APP).get()
			.uri("/installation/repositories")
			.retrieve()
			.bodyToMono(String.class)
			.block(TIMEOUT)).contains("total_count");
		assertThat(webClient(Providers.GOOGLE).get().uri("/v1/projects").retrieve().bodyToMono(String.class).block(TIMEOUT))
			.contains("projects");

		String appJwt = single(this.emulator.tokenRequests(Providers.GITHUB_APP)).header("Authorization")
			.substring("Bearer ".length());
		assertThat(verified(appJwt,
				new RSASSAVerifier((RSAPublicKey) DemoKeys.publicKey(DemoKeys.GITHUB_APP_PUBLIC_KEY, "RSA")))
			.getJWTClaimsSet()
			.getIssuer()).isEqualTo(Credentials.GITHUB_APP_ID);
		RecordedRequest google = single(this.emulator.tokenRequests(Providers.GOOGLE));
		assertThat(google.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded;charset=UTF-8");
		JWTClaimsSet claims = verified(form(google.body()).get("assertion"),
				new RSASSAVerifier((RSAPublicKey) DemoKeys.publicKey(DemoKeys.GOOGLE_PUBLIC_KEY, "RSA")))
			.getJWTClaimsSet();
		assertThat(claims.getAudience()).containsExactly(this.emulator.baseUrl() + "/google/token");
		assertTimes(claims, Duration.ofHours(1));
	}

	private WebClient webClient(String client) {
		return this.context.getBean(DemoRunner.beanName(client, "WebClient"), WebClient.class);
	}

	private List<String> callBoth(String client, String path) {
		String first = restClient(client).get().uri(path).retrieve().body(String.class);
		String second = this.context.getBean(DemoRunner.beanName(client, "WebClient"), WebClient.class)
			.get()
			.uri(path)
			.retrieve()
			.bodyToMono(String.class)
			.block(TIMEOUT);
		return List.of(first, second);
	}

	private RestClient restClient(String client) {
		return this.context.getBean(DemoRunner.beanName(client, "RestClient"), RestClient.class);
	}

	private void assertTimes(JWTClaimsSet claims, Duration lifetime) {
		assertThat(claims.getIssueTime().toInstant()).isEqualTo(this.clock.instant());
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(this.clock.instant().plus(lifetime));
		assertThat(claims.getJWTID()).isNotBlank();
	}

	private static SignedJWT verified(String value, JWSVerifier verifier) throws Exception {
		SignedJWT jwt = SignedJWT.parse(value);
		assertThat(jwt.verify(verifier)).as("signature verified with the public key").isTrue();
		return jwt;
	}

	private static RecordedRequest single(List<RecordedRequest> requests) {
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

	private static List<String> bearerTokens(List<RecordedRequest> requests) {
		return requests.stream().map((request) -> request.header("Authorization").substring("Bearer ".length())).toList();
	}

	private static Map<String, String> form(String body) {
		Map<String, String> form = new LinkedHashMap<>();
		for (String pair : body.split("&")) {
			int equals = pair.indexOf('=');
			form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
		}
		return form;
	}

	private static String onlyIssuedToken(ProviderEmulator emulator, String provider) {
		List<String> issued = emulator.issuedTokenValues(provider);
		assertThat(issued).hasSize(1);
		return issued.get(0);
	}

}
