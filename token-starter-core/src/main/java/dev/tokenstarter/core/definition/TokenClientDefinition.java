package dev.tokenstarter.core.definition;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tokenstarter.core.jwt.JwtAssertionSpec;

/**
 * Everything token-starter knows about one client of one API: the grant, the credentials, the token
 * endpoint and an optional refresh endpoint, how tokens are attached and recognised as invalid, and
 * the lifecycle settings.
 *
 * @author token-starter
 */
public final class TokenClientDefinition {

	private final String registrationId;

	private final TokenGrant grant;

	private final TokenCredentials credentials;

	private final TokenEndpointSpec tokenEndpoint;

	private final @Nullable TokenEndpointSpec refreshEndpoint;

	private final AttachSpec attach;

	private final InvalidTokenSpec invalidToken;

	private final LifecycleSpec lifecycle;

	private final @Nullable JwtAssertionSpec jwt;

	private TokenClientDefinition(Builder builder) {
		this.registrationId = builder.registrationId;
		this.grant = builder.grant;
		this.credentials = builder.credentials;
		this.tokenEndpoint = builder.tokenEndpoint;
		this.refreshEndpoint = builder.refreshEndpoint;
		this.attach = builder.attach;
		this.invalidToken = builder.invalidToken;
		this.lifecycle = builder.lifecycle;
		this.jwt = builder.jwt;
	}

	/**
	 * The token endpoint of clients whose tokens are self-signed JWTs: never sent, it only names what the
	 * client's tokens are.
	 */
	private static final TokenEndpointSpec SELF_SIGNED = new TokenEndpointSpec(
			new TokenRequestSpec(org.springframework.http.HttpMethod.POST, "urn:token-starter:self-signed-jwt",
					BodyFormat.NONE, java.util.Map.of(), java.util.Map.of(), java.util.Map.of(),
					ClientAuthentication.NONE),
			TokenResponseSpec.oauth2());

	/**
	 * Start a definition for the given registration id.
	 * @param registrationId the registration id, the client's name in configuration
	 * @return a builder
	 */
	public static Builder withRegistrationId(String registrationId) {
		Assert.hasText(registrationId, "registrationId cannot be empty");
		return new Builder(registrationId);
	}

	public String getRegistrationId() {
		return this.registrationId;
	}

	public TokenGrant getGrant() {
		return this.grant;
	}

	public TokenCredentials getCredentials() {
		return this.credentials;
	}

	public TokenEndpointSpec getTokenEndpoint() {
		return this.tokenEndpoint;
	}

	public @Nullable TokenEndpointSpec getRefreshEndpoint() {
		return this.refreshEndpoint;
	}

	public AttachSpec getAttach() {
		return this.attach;
	}

	public InvalidTokenSpec getInvalidToken() {
		return this.invalidToken;
	}

	public LifecycleSpec getLifecycle() {
		return this.lifecycle;
	}

	/**
	 * Return the JWT the client signs: the {@code {assertion}} of its requests, the key of private-key-jwt
	 * client authentication, or the token itself with the self-signed JWT grant.
	 * @return the JWT description, or {@code null} when the client signs none
	 */
	public @Nullable JwtAssertionSpec getJwt() {
		return this.jwt;
	}

	@Override
	public String toString() {
		return "TokenClientDefinition{registrationId='" + this.registrationId + "', grant=" + this.grant
				+ ", tokenUri='" + this.tokenEndpoint.request().uri() + "', credentials=" + this.credentials + "}";
	}

	/**
	 * Builder of {@link TokenClientDefinition}.
	 */
	public static final class Builder {

		private final String registrationId;

		private TokenGrant grant = TokenGrant.CLIENT_CREDENTIALS;

		private TokenCredentials credentials = TokenCredentials.of(java.util.Map.of());

		private @Nullable TokenEndpointSpec tokenEndpoint;

		private @Nullable TokenEndpointSpec refreshEndpoint;

		private AttachSpec attach = AttachSpec.bearer();

		private InvalidTokenSpec invalidToken = InvalidTokenSpec.unauthorized();

		private LifecycleSpec lifecycle = LifecycleSpec.defaults();

		private @Nullable JwtAssertionSpec jwt;

		private Builder(String registrationId) {
			this.registrationId = registrationId;
		}

		public Builder grant(TokenGrant grant) {
			Assert.notNull(grant, "grant cannot be null");
			this.grant = grant;
			return this;
		}

		public Builder credentials(TokenCredentials credentials) {
			Assert.notNull(credentials, "credentials cannot be null");
			this.credentials = credentials;
			return this;
		}

		public Builder tokenEndpoint(TokenEndpointSpec tokenEndpoint) {
			Assert.notNull(tokenEndpoint, "tokenEndpoint cannot be null");
			this.tokenEndpoint = tokenEndpoint;
			return this;
		}

		public Builder refreshEndpoint(@Nullable TokenEndpointSpec refreshEndpoint) {
			this.refreshEndpoint = refreshEndpoint;
			return this;
		}

		public Builder attach(AttachSpec attach) {
			Assert.notNull(attach, "attach cannot be null");
			this.attach = attach;
			return this;
		}

		public Builder invalidToken(InvalidTokenSpec invalidToken) {
			Assert.notNull(invalidToken, "invalidToken cannot be null");
			this.invalidToken = invalidToken;
			return this;
		}

		public Builder lifecycle(LifecycleSpec lifecycle) {
			Assert.notNull(lifecycle, "lifecycle cannot be null");
			this.lifecycle = lifecycle;
			return this;
		}

		public Builder jwt(@Nullable JwtAssertionSpec jwt) {
			this.jwt = jwt;
			return this;
		}

		public TokenClientDefinition build() {
			if (this.grant.isSelfSigned()) {
				Assert.state(this.jwt != null, "jwt must be set for the self-signed JWT grant");
				if (this.tokenEndpoint == null) {
					this.tokenEndpoint = SELF_SIGNED;
				}
			}
			Assert.state(this.tokenEndpoint != null, "tokenEndpoint must be set");
			return new TokenClientDefinition(this);
		}

	}

}
