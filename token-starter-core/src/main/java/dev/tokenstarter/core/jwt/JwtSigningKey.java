package dev.tokenstarter.core.jwt;

import java.text.ParseException;
import java.time.Instant;
import java.util.Locale;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.util.Assert;

/**
 * A private key that signs JWTs, with its JWS algorithm and optional key id: an RSA or EC key from a
 * PKCS#8 PEM, or an RSA, EC or symmetric ({@code oct}, for HMAC) key from a JWK. It is checked when it
 * is created (readable, private, fit for the algorithm, able to sign), so that a wrong key fails at
 * start-up rather than on the first token request. Signing is Spring Security's
 * {@link NimbusJwtEncoder}. Neither {@link #toString()} nor any exception message shows key material.
 *
 * @author token-starter
 */
public final class JwtSigningKey {

	private final String keyType;

	private final JwsAlgorithm algorithm;

	private final @Nullable String keyId;

	private final NimbusJwtEncoder encoder;

	private JwtSigningKey(JWK jwk, JwsAlgorithm algorithm) {
		this.keyType = jwk.getKeyType().getValue();
		this.algorithm = algorithm;
		this.keyId = jwk.getKeyID();
		this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwk)));
	}

	/**
	 * Read a signing key.
	 * @param key a PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) or a JWK (a JSON object)
	 * @param algorithm the JWS algorithm, such as {@code RS256}, or {@code null} for the JWK's own
	 * {@code alg} or else the key's usual one: RS256 for RSA, ES256, ES384 or ES512 by curve, HS256
	 * @param keyId the key id to send as {@code kid}, or {@code null} for the JWK's own, if any
	 * @return the key
	 * @throws InvalidSigningKeyException when the key cannot be read, is of a type that cannot sign, or
	 * does not fit the algorithm
	 */
	public static JwtSigningKey of(String key, @Nullable String algorithm, @Nullable String keyId) {
		Assert.notNull(key, "key cannot be null");
		JWK jwk = read(key.trim());
		if (jwk.getKeyUse() == KeyUse.ENCRYPTION) {
			throw keyProblem("is a JWK marked for encryption (use: enc), not for signatures");
		}
		JwsAlgorithm resolved = algorithm(jwk, algorithm);
		checkFits(jwk, resolved);
		if (keyId != null && !keyId.isBlank()) {
			jwk = withKeyId(jwk, keyId.trim());
		}
		JwtSigningKey signingKey = new JwtSigningKey(jwk, resolved);
		signingKey.checkSigns();
		return signingKey;
	}

	private static JWK read(String key) {
		if (key.startsWith("{")) {
			JWK jwk;
			try {
				jwk = JWK.parse(key);
			}
			catch (ParseException | RuntimeException ex) {
				// The parser's message may quote the input: never pass it on.
				throw keyProblem("is not a valid JWK");
			}
			KeyType type = jwk.getKeyType();
			if (!KeyType.RSA.equals(type) && !KeyType.EC.equals(type) && !KeyType.OCT.equals(type)) {
				throw keyProblem("is a JWK of type " + type + "; token-starter signs with RSA, EC or oct (HMAC) keys");
			}
			if (!jwk.isPrivate()) {
				throw keyProblem("is a public JWK; signing needs the private key");
			}
			return jwk;
		}
		if (key.contains("-----BEGIN")) {
			try {
				return PemKeys.read(key);
			}
			catch (InvalidSigningKeyException ex) {
				throw ex;
			}
			catch (IllegalArgumentException | IllegalStateException ex) {
				throw keyProblem(ex.getMessage());
			}
		}
		throw keyProblem("is neither a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----) nor a JWK (a JSON object)");
	}

	private static JwsAlgorithm algorithm(JWK jwk, @Nullable String configured) {
		String own = (jwk.getAlgorithm() != null) ? jwk.getAlgorithm().getName() : null;
		if (configured != null && !configured.isBlank()) {
			String name = configured.trim().toUpperCase(Locale.ROOT);
			if (own != null && !own.equals(name)) {
				throw algorithmProblem("'" + configured + "' differs from the JWK's own algorithm " + own);
			}
			return parse(name, configured);
		}
		if (own != null) {
			return parse(own, own);
		}
		if (jwk instanceof ECKey ec) {
			return Curve.P_384.equals(ec.getCurve()) ? SignatureAlgorithm.ES384
					: Curve.P_521.equals(ec.getCurve()) ? SignatureAlgorithm.ES512 : SignatureAlgorithm.ES256;
		}
		return (jwk instanceof OctetSequenceKey) ? MacAlgorithm.HS256 : SignatureAlgorithm.RS256;
	}

	private static JwsAlgorithm parse(String name, String given) {
		SignatureAlgorithm signature = SignatureAlgorithm.from(name);
		if (signature != null) {
			return signature;
		}
		MacAlgorithm mac = MacAlgorithm.from(name);
		if (mac != null) {
			return mac;
		}
		throw algorithmProblem("'" + given + "' is not a JWS algorithm; use one of RS256, RS384, RS512, PS256,"
				+ " PS384, PS512, ES256, ES384, ES512, HS256, HS384, HS512");
	}

	private static void checkFits(JWK jwk, JwsAlgorithm algorithm) {
		String name = algorithm.getName();
		String type = jwk.getKeyType().getValue();
		if (jwk instanceof RSAKey rsa) {
			if (!name.startsWith("RS") && !name.startsWith("PS")) {
				throw algorithmProblem(name + " does not fit an RSA key; use RS256, RS384, RS512, PS256, PS384 or PS512");
			}
			if (rsa.size() < 2048) {
				throw keyProblem("is an RSA key of " + rsa.size() + " bits; JWS needs at least 2048");
			}
		}
		else if (jwk instanceof ECKey ec) {
			Curve expected = switch (name) {
				case "ES256" -> Curve.P_256;
				case "ES384" -> Curve.P_384;
				case "ES512" -> Curve.P_521;
				default -> null;
			};
			if (expected == null) {
				throw algorithmProblem(name + " does not fit an EC key; use ES256, ES384 or ES512");
			}
			if (!expected.equals(ec.getCurve())) {
				throw algorithmProblem(name + " needs a key on curve " + expected + ", but the key is on "
						+ ec.getCurve());
			}
		}
		else if (jwk instanceof OctetSequenceKey oct) {
			if (!name.startsWith("HS")) {
				throw algorithmProblem(name + " does not fit a symmetric (oct) key; use HS256, HS384 or HS512");
			}
			int needed = Integer.parseInt(name.substring(2));
			if (oct.size() < needed) {
				throw keyProblem("is a symmetric key of " + oct.size() + " bits; " + name + " needs at least "
						+ needed);
			}
		}
		else {
			throw keyProblem("is a " + type + " key; token-starter signs with RSA, EC or oct (HMAC) keys");
		}
	}

	private static JWK withKeyId(JWK jwk, String keyId) {
		if (jwk instanceof RSAKey rsa) {
			return new RSAKey.Builder(rsa).keyID(keyId).build();
		}
		if (jwk instanceof ECKey ec) {
			return new ECKey.Builder(ec).keyID(keyId).build();
		}
		return new OctetSequenceKey.Builder((OctetSequenceKey) jwk).keyID(keyId).build();
	}

	private void checkSigns() {
		try {
			sign(null, JwtClaimsSet.builder().issuedAt(Instant.EPOCH).build());
		}
		catch (JwtEncodingException ex) {
			throw keyProblem("cannot sign with " + this.algorithm.getName());
		}
	}

	/**
	 * Sign a claims set.
	 * @param type the {@code typ} header, or {@code null} for none
	 * @param claims the claims
	 * @return the compact serialization of the signed JWT
	 */
	String sign(@Nullable String type, JwtClaimsSet claims) {
		JwsHeader.Builder header = JwsHeader.with(this.algorithm);
		if (this.keyId != null) {
			header.keyId(this.keyId);
		}
		if (type != null) {
			header.type(type);
		}
		return this.encoder.encode(JwtEncoderParameters.from(header.build(), claims)).getTokenValue();
	}

	/**
	 * Return the JWS algorithm signatures are made with.
	 * @return the algorithm
	 */
	public JwsAlgorithm algorithm() {
		return this.algorithm;
	}

	/**
	 * Return the key's type: {@code RSA}, {@code EC} or {@code oct}.
	 * @return the key type
	 */
	public String keyType() {
		return this.keyType;
	}

	/**
	 * Return the key id sent as {@code kid}.
	 * @return the key id, or {@code null} for none
	 */
	public @Nullable String keyId() {
		return this.keyId;
	}

	@Override
	public String toString() {
		return "JwtSigningKey{type=" + this.keyType + ", algorithm=" + this.algorithm.getName() + ", keyId="
				+ this.keyId + "}";
	}

	private static InvalidSigningKeyException keyProblem(String problem) {
		return new InvalidSigningKeyException(problem, false);
	}

	private static InvalidSigningKeyException algorithmProblem(String problem) {
		return new InvalidSigningKeyException(problem, true);
	}

}
