package dev.tokenstarter.core.provider;

import java.time.Clock;
import java.util.function.Function;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.jwt.JwtAssertionMinter;
import dev.tokenstarter.core.jwt.JwtAssertionSpec;
import dev.tokenstarter.core.jwt.MintedJwt;
import dev.tokenstarter.core.request.Templates;
import dev.tokenstarter.core.response.TokenRequestOutcome;
import dev.tokenstarter.core.response.TokenResponse;

/**
 * Mints the token of a self-signed JWT client, shared by
 * {@link SelfSignedJwtOAuth2AuthorizedClientProvider} and its reactive twin: a JWT from the client's
 * description, its templates filled in from the client's variables, that expires at its {@code exp}.
 * Each minting is observed as {@code token-starter.token.request} with the endpoint
 * {@code self-signed}, like the requests of clients with a token endpoint.
 *
 * @author token-starter
 */
final class SelfSignedJwts {

	private final JwtAssertionMinter minter = new JwtAssertionMinter();

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	TokenResponse mint(TokenClientDefinition definition) {
		JwtAssertionSpec jwt = definition.getJwt();
		Assert.state(jwt != null, "self-signed JWT client has no JWT description");
		Observation observation = Observation.createNotStarted("token-starter.token.request", this.observationRegistry)
			.contextualName("token-starter token request")
			.lowCardinalityKeyValue("client", definition.getRegistrationId())
			.lowCardinalityKeyValue("endpoint", "self-signed")
			.start();
		try {
			MintedJwt minted = this.minter.mint(jwt, (template) -> Templates.expand(template,
					definition.getCredentials().values(), Function.identity()));
			observation.lowCardinalityKeyValue(KeyValue.of("outcome", TokenRequestOutcome.SUCCESS.value()));
			return new TokenResponse(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, minted.value(),
					minted.issuedAt(), minted.expiresAt()), null);
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			observation.lowCardinalityKeyValue(KeyValue.of("outcome", TokenRequestOutcome.of(ex).value()));
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	void setClock(Clock clock) {
		this.minter.setClock(clock);
	}

	void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "observationRegistry cannot be null");
		this.observationRegistry = observationRegistry;
	}

}
