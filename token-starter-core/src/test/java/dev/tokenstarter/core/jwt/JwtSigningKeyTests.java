package dev.tokenstarter.core.jwt;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.JwtClaimsSet;

import dev.tokenstarter.core.test.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JwtSigningKey}.
 *
 * @author token-starter
 */
class JwtSigningKeyTests {

	private static final JwtClaimsSet CLAIMS = JwtClaimsSet.builder().issuer("app-1").issuedAt(Instant.EPOCH).build();

	@Test
	void ofWhenRsaPkcs8PemThenSignsRs256VerifiableWithThePublicKey() throws Exception {
		KeyPair keyPair = TestKeys.rsa();
		JwtSigningKey key = JwtSigningKey.of(TestKeys.privatePem(keyPair), null, "rsa-1");

		SignedJWT jwt = SignedJWT.parse(key.sign("JWT", CLAIMS));

		assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) keyPair.getPublic()))).isTrue();
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
		assertThat(jwt.getHeader().getKeyID()).isEqualTo("rsa-1");
		assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("app-1");
		assertThat(key.keyType()).isEqualTo("RSA");
	}

	@Test
	void ofWhenOpensslEcPkcs8PemThenUsesItsEmbeddedPublicKeyAndSignsEs256() throws Exception {
		JwtSigningKey key = JwtSigningKey.of(TestKeys.resource("ec-p256-pkcs8.pem"), null, "ABC123DEFG");

		SignedJWT jwt = SignedJWT.parse(key.sign(null, CLAIMS));

		ECPublicKey publicKey = (ECPublicKey) TestKeys.publicKey("EC", "ec-p256-public.pem");
		assertThat(jwt.verify(new ECDSAVerifier(publicKey))).isTrue();
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
		assertThat(jwt.getHeader().getKeyID()).isEqualTo("ABC123DEFG");
		assertThat(jwt.getHeader().getType()).isNull();
	}

	@Test
	void ofWhenEcPemWithPublicKeyBlockThenSignsWithTheCurvesAlgorithm() throws Exception {
		KeyPair keyPair = TestKeys.ec("secp384r1");
		String pem = TestKeys.privatePem(keyPair) + TestKeys.publicPem(keyPair.getPublic());

		JwtSigningKey key = JwtSigningKey.of(pem, null, null);

		SignedJWT jwt = SignedJWT.parse(key.sign(null, CLAIMS));
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES384");
		assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) keyPair.getPublic()))).isTrue();
	}

	@Test
	void ofWhenEcPemWithoutItsPublicKeyThenFailsSayingWhatToAdd() {
		String pem = TestKeys.privatePem(TestKeys.ec("secp256r1"));

		assertThatExceptionOfType(InvalidSigningKeyException.class).isThrownBy(() -> JwtSigningKey.of(pem, null, null))
			.withMessageContaining("without its public key")
			.satisfies((ex) -> assertThat(ex.isAlgorithmProblem()).isFalse());
	}

	@Test
	void ofWhenHmacJwkThenSignsHs256VerifiableWithTheSecret() throws Exception {
		String jwk = TestKeys.hmacJwk(256);
		JwtSigningKey key = JwtSigningKey.of(jwk, "HS256", null);

		SignedJWT jwt = SignedJWT.parse(key.sign("JWT", CLAIMS));

		assertThat(jwt.verify(new MACVerifier(OctetSequenceKey.parse(jwk)))).isTrue();
		assertThat(key.keyType()).isEqualTo("oct");
	}

	@Test
	void ofWhenHmacSecretShorterThanAlgorithmThenFails() {
		assertThatExceptionOfType(InvalidSigningKeyException.class)
			.isThrownBy(() -> JwtSigningKey.of(TestKeys.hmacJwk(128), "HS256", null))
			.withMessage("is a symmetric key of 128 bits; HS256 needs at least 256");
	}

	@Test
	void ofWhenRsaJwkThenItsOwnKidIsSent() throws Exception {
		KeyPair keyPair = TestKeys.rsa();
		String jwk = new com.nimbusds.jose.jwk.RSAKey.Builder((RSAPublicKey) keyPair.getPublic())
			.privateKey(keyPair.getPrivate())
			.keyID("from-jwk")
			.build()
			.toJSONString();

		SignedJWT jwt = SignedJWT.parse(JwtSigningKey.of(jwk, "PS256", null).sign(null, CLAIMS));

		assertThat(jwt.getHeader().getKeyID()).isEqualTo("from-jwk");
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("PS256");
		assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) keyPair.getPublic()))).isTrue();
	}

	@Test
	void ofWhenAlgorithmDoesNotFitTheKeyThenAlgorithmProblem() {
		String rsa = TestKeys.privatePem(TestKeys.rsa());
		String ec = TestKeys.resource("ec-p256-pkcs8.pem");

		assertAlgorithmProblem(rsa, "ES256", "ES256 does not fit an RSA key");
		assertAlgorithmProblem(rsa, "HS256", "HS256 does not fit an RSA key");
		assertAlgorithmProblem(ec, "RS256", "RS256 does not fit an EC key");
		assertAlgorithmProblem(ec, "ES384", "ES384 needs a key on curve P-384, but the key is on P-256");
		assertAlgorithmProblem(TestKeys.hmacJwk(256), "RS256", "RS256 does not fit a symmetric (oct) key");
		assertAlgorithmProblem(rsa, "none", "'none' is not a JWS algorithm");
	}

	private static void assertAlgorithmProblem(String key, String algorithm, String message) {
		assertThatExceptionOfType(InvalidSigningKeyException.class)
			.isThrownBy(() -> JwtSigningKey.of(key, algorithm, null))
			.withMessageStartingWith(message)
			.satisfies((ex) -> assertThat(ex.isAlgorithmProblem()).isTrue());
	}

	@Test
	void ofWhenKeyOfWrongKindThenFailsNamingTheKindNeverTheMaterial() {
		KeyPair keyPair = TestKeys.rsa();
		String publicOnly = TestKeys.publicPem(keyPair.getPublic());
		String pkcs1 = TestKeys.resource("rsa-pkcs1.pem");
		String publicJwk = new com.nimbusds.jose.jwk.RSAKey.Builder((RSAPublicKey) keyPair.getPublic()).build()
			.toJSONString();

		assertKeyProblem(publicOnly, "holds no PEM private key (BEGIN PRIVATE KEY); found PUBLIC KEY");
		assertKeyProblem(pkcs1, "is a PKCS#1 or SEC1 private key, not PKCS#8");
		assertKeyProblem(publicJwk, "is a public JWK; signing needs the private key");
		assertKeyProblem("{\"kty\":\"RSA\",\"n\":\"secret-material\"", "is not a valid JWK");
		assertKeyProblem("c2VjcmV0LW1hdGVyaWFs", "is neither a PKCS#8 PEM private key");
		assertKeyProblem("-----BEGIN PRIVATE KEY-----\nc2VjcmV0LW1hdGVyaWFs\n-----END PRIVATE KEY-----",
				"has a PRIVATE KEY block that is not a readable PKCS#8 key");
	}

	private static void assertKeyProblem(String key, String message) {
		assertThatExceptionOfType(InvalidSigningKeyException.class).isThrownBy(() -> JwtSigningKey.of(key, null, null))
			.withMessageStartingWith(message)
			.satisfies((ex) -> assertThat(ex.isAlgorithmProblem()).isFalse())
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("secret-material", "c2VjcmV0"));
	}

	@Test
	void toStringWhenRsaKeyThenShowsTypeAlgorithmAndKeyIdOnly() {
		KeyPair keyPair = TestKeys.rsa();
		String pem = TestKeys.privatePem(keyPair);

		JwtSigningKey key = JwtSigningKey.of(pem, "RS384", "kid-7");

		assertThat(key).hasToString("JwtSigningKey{type=RSA, algorithm=RS384, keyId=kid-7}");
	}

}
