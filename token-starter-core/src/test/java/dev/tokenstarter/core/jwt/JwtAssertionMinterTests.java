package dev.tokenstarter.core.jwt;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import dev.tokenstarter.core.test.MutableClock;
import dev.tokenstarter.core.test.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JwtAssertionMinter}.
 *
 * @author token-starter
 */
class JwtAssertionMinterTests {

	private static final KeyPair KEY_PAIR = TestKeys.rsa();

	private static final JwtSigningKey KEY = JwtSigningKey.of(TestKeys.privatePem(KEY_PAIR), "RS256", "k1");

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T08:00:00.750Z"));

	private final JwtAssertionMinter minter = minter(this.clock);

	private static JwtAssertionMinter minter(MutableClock clock) {
		JwtAssertionMinter minter = new JwtAssertionMinter();
		minter.setClock(clock);
		return minter;
	}

	@Test
	void mintWhenClaimTemplatesThenExpandedSignedAndTimedByTheClock() throws Exception {
		JwtAssertionSpec spec = JwtAssertionSpec.signedWith(KEY)
			.withIssuerAndSubject("{client-id}", "sa@{project}.iam")
			.withAudienceAndScope(List.of("https://oauth2.example/token"), "{scope}")
			.withClaims(Map.of("tenant", "t-{project}"))
			.withLifetime(Duration.ofMinutes(10));
		Map<String, String> variables = Map.of("client-id", "4242", "project", "p1", "scope", "read write");

		MintedJwt minted = this.minter.mint(spec, (template) -> expand(template, variables));

		SignedJWT jwt = SignedJWT.parse(minted.value());
		assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) KEY_PAIR.getPublic()))).isTrue();
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo("4242");
		assertThat(claims.getSubject()).isEqualTo("sa@p1.iam");
		assertThat(claims.getAudience()).containsExactly("https://oauth2.example/token");
		assertThat(claims.getStringClaim("scope")).isEqualTo("read write");
		assertThat(claims.getStringClaim("tenant")).isEqualTo("t-p1");
		assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.parse("2026-12-05T08:00:00Z"));
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(Instant.parse("2026-12-05T08:10:00Z"));
		assertThat(claims.getJWTID()).isNotBlank();
		assertThat(minted.issuedAt()).isEqualTo(Instant.parse("2026-12-05T08:00:00Z"));
		assertThat(minted.expiresAt()).isEqualTo(Instant.parse("2026-12-05T08:10:00Z"));
		assertThat(jwt.getHeader().getKeyID()).isEqualTo("k1");
		assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
		assertThat(minted.toString()).doesNotContain(minted.value());
	}

	@Test
	void mintWhenMintedTwiceThenFreshJtiAndTimesFollowTheClock() throws Exception {
		JwtAssertionSpec spec = JwtAssertionSpec.signedWith(KEY).withIssuerAndSubject("app", null);

		MintedJwt first = this.minter.mint(spec, (template) -> template);
		this.clock.advance(Duration.ofMinutes(4));
		MintedJwt second = this.minter.mint(spec, (template) -> template);

		assertThat(SignedJWT.parse(second.value()).getJWTClaimsSet().getJWTID())
			.isNotEqualTo(SignedJWT.parse(first.value()).getJWTClaimsSet().getJWTID());
		assertThat(Duration.between(first.issuedAt(), second.issuedAt())).isEqualTo(Duration.ofMinutes(4));
		assertThat(Duration.between(second.issuedAt(), second.expiresAt())).isEqualTo(JwtAssertionSpec.DEFAULT_LIFETIME);
	}

	@Test
	void mintClientAssertionWhenClientIdAndTokenUriThenIssuerSubjectAndAudienceFollowRfc7523() throws Exception {
		JwtAssertionSpec spec = JwtAssertionSpec.signedWith(KEY).withIssuerAndSubject("ignored", "ignored");

		MintedJwt minted = this.minter.mintClientAssertion(spec, "client-9", "https://idp.example/oauth2/token");

		JWTClaimsSet claims = SignedJWT.parse(minted.value()).getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo("client-9");
		assertThat(claims.getSubject()).isEqualTo("client-9");
		assertThat(claims.getAudience()).containsExactly("https://idp.example/oauth2/token");
		assertThat(claims.getJWTID()).isNotBlank();
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(minted.expiresAt());
	}

	@Test
	void toStringWhenSpecThenNamesClaimsNotTheirTemplatesOrTheKey() {
		JwtAssertionSpec spec = JwtAssertionSpec.signedWith(KEY)
			.withIssuerAndSubject("{client-id}", null)
			.withClaims(Map.of("custom", "value-42"));

		assertThat(spec.toString()).contains("iss", "custom", "RS256").doesNotContain("value-42", "PRIVATE");
	}

	private static String expand(String template, Map<String, String> variables) {
		String result = template;
		for (Map.Entry<String, String> variable : variables.entrySet()) {
			result = result.replace("{" + variable.getKey() + "}", variable.getValue());
		}
		return result;
	}

}
