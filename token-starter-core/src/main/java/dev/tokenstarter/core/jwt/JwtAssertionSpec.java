package dev.tokenstarter.core.jwt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The signed JWT that a client mints: its signing key, its {@code typ} header, and the templates of its
 * claims. Claim values may hold {@code {variable}} templates, filled in from the client's variables
 * when the JWT is minted; {@code iat} is the minting time, {@code exp} that plus the lifetime, and
 * {@code jti} is new each time.
 *
 * @param key the signing key, which also gives {@code alg} and {@code kid}
 * @param type the {@code typ} header, or {@code null} for none
 * @param issuer the {@code iss} template, or {@code null} for none
 * @param subject the {@code sub} template, or {@code null} for none
 * @param audience the {@code aud} templates; one is sent as a string, several as an array
 * @param scope the {@code scope} template, or {@code null} for none
 * @param claims other claims by name, each a template of a string value
 * @param lifetime how long each minted JWT is valid
 * @author token-starter
 */
public record JwtAssertionSpec(JwtSigningKey key, @Nullable String type, @Nullable String issuer,
		@Nullable String subject, List<String> audience, @Nullable String scope, Map<String, String> claims,
		Duration lifetime) {

	/**
	 * Lifetime of a minted JWT by default, short enough for every API that caps it (GitHub: 10 minutes).
	 */
	public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

	public JwtAssertionSpec {
		Assert.notNull(key, "key cannot be null");
		Assert.notNull(lifetime, "lifetime cannot be null");
		Assert.isTrue(!lifetime.isNegative() && lifetime.toSeconds() >= 1, "lifetime must be at least 1 second");
		audience = (audience != null) ? List.copyOf(audience) : List.of();
		claims = (claims != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(claims)) : Map.of();
	}

	/**
	 * Return a spec signed with the given key that has only a {@code typ} of {@code JWT} and the default
	 * lifetime, to add claims to with the {@code with} methods.
	 * @param key the signing key
	 * @return the spec
	 */
	public static JwtAssertionSpec signedWith(JwtSigningKey key) {
		return new JwtAssertionSpec(key, "JWT", null, null, List.of(), null, Map.of(), DEFAULT_LIFETIME);
	}

	/**
	 * Return a copy with the given issuer and subject templates.
	 * @param issuerTemplate the {@code iss} template, or {@code null}
	 * @param subjectTemplate the {@code sub} template, or {@code null}
	 * @return a new spec
	 */
	public JwtAssertionSpec withIssuerAndSubject(@Nullable String issuerTemplate, @Nullable String subjectTemplate) {
		return new JwtAssertionSpec(this.key, this.type, issuerTemplate, subjectTemplate, this.audience, this.scope,
				this.claims, this.lifetime);
	}

	/**
	 * Return a copy with the given audience and scope templates.
	 * @param audienceTemplates the {@code aud} templates
	 * @param scopeTemplate the {@code scope} template, or {@code null}
	 * @return a new spec
	 */
	public JwtAssertionSpec withAudienceAndScope(List<String> audienceTemplates, @Nullable String scopeTemplate) {
		return new JwtAssertionSpec(this.key, this.type, this.issuer, this.subject, audienceTemplates, scopeTemplate,
				this.claims, this.lifetime);
	}

	/**
	 * Return a copy with the given other claims.
	 * @param claimTemplates the claim templates by name
	 * @return a new spec
	 */
	public JwtAssertionSpec withClaims(Map<String, String> claimTemplates) {
		return new JwtAssertionSpec(this.key, this.type, this.issuer, this.subject, this.audience, this.scope,
				claimTemplates, this.lifetime);
	}

	/**
	 * Return a copy with the given lifetime.
	 * @param jwtLifetime how long each minted JWT is valid
	 * @return a new spec
	 */
	public JwtAssertionSpec withLifetime(Duration jwtLifetime) {
		return new JwtAssertionSpec(this.key, this.type, this.issuer, this.subject, this.audience, this.scope,
				this.claims, jwtLifetime);
	}

	/**
	 * Return every template of the claims, to check the variables they refer to.
	 * @return the templates
	 */
	public List<String> templates() {
		List<String> templates = new ArrayList<>();
		if (this.issuer != null) {
			templates.add(this.issuer);
		}
		if (this.subject != null) {
			templates.add(this.subject);
		}
		templates.addAll(this.audience);
		if (this.scope != null) {
			templates.add(this.scope);
		}
		templates.addAll(this.claims.values());
		return templates;
	}

	@Override
	public String toString() {
		return "JwtAssertionSpec{key=" + this.key + ", type=" + this.type + ", claims=" + claimNames() + ", lifetime="
				+ this.lifetime + "}";
	}

	private List<String> claimNames() {
		List<String> names = new ArrayList<>();
		if (this.issuer != null) {
			names.add("iss");
		}
		if (this.subject != null) {
			names.add("sub");
		}
		if (!this.audience.isEmpty()) {
			names.add("aud");
		}
		if (this.scope != null) {
			names.add("scope");
		}
		names.addAll(this.claims.keySet());
		return names;
	}

}
