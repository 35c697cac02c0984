package dev.tokenstarter.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

import dev.tokenstarter.autoconfigure.TokenClientDefinitionMapper.ClientMapping;
import dev.tokenstarter.autoconfigure.TokenStarterProperties.Jwt;
import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.jwt.InvalidSigningKeyException;
import dev.tokenstarter.core.jwt.JwtAssertionMinter;
import dev.tokenstarter.core.jwt.JwtAssertionSpec;
import dev.tokenstarter.core.jwt.JwtSigningKey;

/**
 * Maps the {@code jwt} keys of one client to the JWT it signs, reading and checking the signing key at
 * start-up: a key that cannot be read, is of the wrong type or does not fit the algorithm fails with an
 * {@link InvalidTokenClientConfigurationException} that names the client and the key, and shows the
 * key's location when it has one, never its content.
 *
 * @author token-starter
 */
final class JwtMapping {

	/**
	 * Largest signing key file read; a PEM or JWK of the largest RSA key is a few kilobytes.
	 */
	private static final int MAX_KEY_SIZE = 64 * 1024;

	private static final List<String> LOCATION_PREFIXES = List.of(ResourceLoader.CLASSPATH_URL_PREFIX, "file:");

	private final ClientMapping client;

	private final Jwt jwt;

	private final ResourceLoader resourceLoader;

	JwtMapping(ClientMapping client, Jwt jwt, ResourceLoader resourceLoader) {
		this.client = client;
		this.jwt = jwt;
		this.resourceLoader = resourceLoader;
	}

	/**
	 * Return the variables of the client's requests: its credentials, and {@code {assertion}} when it
	 * signs a JWT.
	 */
	static Set<String> variables(Set<String> credentials, @Nullable JwtAssertionSpec jwt) {
		if (jwt == null) {
			return credentials;
		}
		Set<String> variables = new LinkedHashSet<>(credentials);
		variables.add(JwtAssertionMinter.ASSERTION);
		return variables;
	}

	/**
	 * Return the client's JWT, or {@code null} when it signs none.
	 * @param grant the client's grant
	 * @param variables the variables its claims may refer to
	 * @param privateKeyJwt whether an endpoint authenticates with private-key-jwt
	 */
	@Nullable JwtAssertionSpec map(TokenGrant grant, Set<String> variables, boolean privateKeyJwt) {
		if (!StringUtils.hasText(this.jwt.getKey())) {
			if (grant.isSelfSigned()) {
				throw this.client.fail("jwt.key", "must be set with grant self-signed-jwt",
						"Set it to the private key that signs the tokens: a PKCS#8 PEM (such as an App Store Connect"
								+ " .p8 file) or a JWK, or a file: or classpath: location of one.");
			}
			if (hasClaims() && !privateKeyJwt) {
				throw this.client.fail("jwt.key", "must be set when other jwt keys are",
						"Set it to the private key that signs the JWT, or remove the jwt keys.");
			}
			return null;
		}
		JwtSigningKey key = key(this.jwt.getKey().trim());
		Duration lifetime = this.jwt.getLifetime();
		if (lifetime == null || lifetime.toSeconds() < 1) {
			throw this.client.fail("jwt.lifetime", "must be at least 1s", "Set it to a duration such as 5m.");
		}
		check("jwt.issuer", this.jwt.getIssuer(), variables);
		check("jwt.subject", this.jwt.getSubject(), variables);
		for (int i = 0; i < this.jwt.getAudience().size(); i++) {
			check("jwt.audience[" + i + "]", this.jwt.getAudience().get(i), variables);
		}
		check("jwt.scope", this.jwt.getScope(), variables);
		this.jwt.getClaims().forEach((name, template) -> check("jwt.claims." + name, template, variables));
		String type = StringUtils.hasText(this.jwt.getType()) ? this.jwt.getType().trim() : null;
		return new JwtAssertionSpec(key, type, trimmed(this.jwt.getIssuer()), trimmed(this.jwt.getSubject()),
				this.jwt.getAudience(), trimmed(this.jwt.getScope()), this.jwt.getClaims(), lifetime);
	}

	private boolean hasClaims() {
		return StringUtils.hasText(this.jwt.getIssuer()) || StringUtils.hasText(this.jwt.getSubject())
				|| !this.jwt.getAudience().isEmpty() || StringUtils.hasText(this.jwt.getScope())
				|| !this.jwt.getClaims().isEmpty() || StringUtils.hasText(this.jwt.getAlgorithm())
				|| StringUtils.hasText(this.jwt.getKeyId());
	}

	private void check(String path, @Nullable String template, Set<String> variables) {
		if (template != null) {
			this.client.checkTemplate(path, template, variables);
		}
	}

	private static @Nullable String trimmed(@Nullable String value) {
		return StringUtils.hasText(value) ? value.trim() : null;
	}

	private JwtSigningKey key(String value) {
		String location = LOCATION_PREFIXES.stream().anyMatch(value::startsWith) ? value : null;
		String text = (location != null) ? read(location) : value;
		try {
			return JwtSigningKey.of(text, this.jwt.getAlgorithm(), this.jwt.getKeyId());
		}
		catch (InvalidSigningKeyException ex) {
			String problem = ((location != null) ? "(" + location + ") " : "") + ex.getMessage();
			if (ex.isAlgorithmProblem()) {
				return failAlgorithm(problem);
			}
			throw this.client.fail("jwt.key", problem, "Set it to an unencrypted PKCS#8 PEM private key (RSA or EC)"
					+ " or a private JWK (RSA, EC or oct), or a file: or classpath: location of one.");
		}
	}

	private JwtSigningKey failAlgorithm(String problem) {
		String path = StringUtils.hasText(this.jwt.getAlgorithm()) ? "jwt.algorithm" : "jwt.key";
		throw this.client.fail(path, problem,
				"Set " + this.client.key("jwt.algorithm") + " to an algorithm of the key's type, or use a key that"
						+ " fits the algorithm.");
	}

	private String read(String location) {
		Resource resource = this.resourceLoader.getResource(location);
		if (!resource.exists()) {
			throw this.client.fail("jwt.key", "names " + location + ", which does not exist",
					"Set it to the location of the key file, such as file:/run/secrets/app.pem or"
							+ " classpath:keys/app.pem.");
		}
		try (InputStream in = resource.getInputStream()) {
			byte[] bytes = in.readNBytes(MAX_KEY_SIZE + 1);
			if (bytes.length > MAX_KEY_SIZE) {
				throw this.client.fail("jwt.key", "names " + location + ", which is larger than a key (over 64KB)",
						"Set it to the location of the key file itself.");
			}
			return new String(bytes, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw this.client.fail("jwt.key", "names " + location + ", which cannot be read",
					"Make the file readable by the application.");
		}
	}

}
