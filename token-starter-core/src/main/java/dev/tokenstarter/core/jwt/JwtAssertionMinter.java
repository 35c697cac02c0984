package dev.tokenstarter.core.jwt;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.util.Assert;

/**
 * Mints signed JWTs from a {@link JwtAssertionSpec}: the claims templates filled in, {@code iat} from the
 * clock (whole seconds, as JWTs carry them), {@code exp} after the spec's lifetime and a fresh
 * {@code jti}. It serves the {@value #ASSERTION} variable of token requests, the client assertion of
 * private-key-jwt client authentication (RFC 7523 section 2.2) and self-signed JWT tokens alike.
 *
 * @author token-starter
 */
public final class JwtAssertionMinter {

	/**
	 * Variable holding the client's minted assertion in its token and refresh requests.
	 */
	public static final String ASSERTION = "assertion";

	/**
	 * Variable holding the private-key-jwt client assertion, which token-starter sends as the
	 * {@code client_assertion} form field.
	 */
	public static final String CLIENT_ASSERTION = "client-assertion";

	/**
	 * The {@code client_assertion_type} of private-key-jwt client authentication (RFC 7523).
	 */
	public static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	private Clock clock = Clock.systemUTC();

	/**
	 * Mint a JWT.
	 * @param spec the JWT to mint
	 * @param expand fills in the templates of the claims
	 * @return the minted JWT
	 */
	public MintedJwt mint(JwtAssertionSpec spec, UnaryOperator<String> expand) {
		Assert.notNull(spec, "spec cannot be null");
		Assert.notNull(expand, "expand cannot be null");
		Instant issuedAt = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Instant expiresAt = issuedAt.plusSeconds(spec.lifetime().toSeconds());
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder();
		spec.claims().forEach((name, template) -> claims.claim(name, expand.apply(template)));
		set(claims, "iss", spec.issuer(), expand);
		set(claims, "sub", spec.subject(), expand);
		List<String> audience = spec.audience().stream().map(expand).toList();
		if (!audience.isEmpty()) {
			claims.audience(audience);
		}
		set(claims, "scope", spec.scope(), expand);
		claims.issuedAt(issuedAt).expiresAt(expiresAt).id(UUID.randomUUID().toString());
		return new MintedJwt(spec.key().sign(spec.type(), claims.build()), issuedAt, expiresAt);
	}

	/**
	 * Mint the client assertion of private-key-jwt client authentication: {@code iss} and {@code sub} the
	 * client id, {@code aud} the token endpoint's URI, signed with the spec's key and valid for its
	 * lifetime.
	 * @param spec the client's JWT, whose key, {@code typ} and lifetime are used
	 * @param clientId the client id
	 * @param tokenUri the URI of the token endpoint, without query
	 * @return the minted client assertion
	 */
	public MintedJwt mintClientAssertion(JwtAssertionSpec spec, String clientId, String tokenUri) {
		Assert.hasText(clientId, "clientId cannot be empty");
		Assert.hasText(tokenUri, "tokenUri cannot be empty");
		JwtAssertionSpec clientAssertion = new JwtAssertionSpec(spec.key(), spec.type(), clientId, clientId,
				List.of(tokenUri), null, java.util.Map.of(), spec.lifetime());
		return mint(clientAssertion, UnaryOperator.identity());
	}

	private static void set(JwtClaimsSet.Builder claims, String name, @Nullable String template,
			UnaryOperator<String> expand) {
		if (template != null) {
			claims.claim(name, expand.apply(template));
		}
	}

	/**
	 * Set the clock that gives {@code iat}.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

}
