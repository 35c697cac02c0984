package dev.tokenstarter.core.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;


import org.springframework.security.oauth2.client.registration.ClientRegistration;

import dev.tokenstarter.core.definition.BodyFormat;
import dev.tokenstarter.core.definition.ExpirySpec;
import dev.tokenstarter.core.definition.LifecycleSpec;
import dev.tokenstarter.core.definition.ResponseSource;
import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenCredentials;
import dev.tokenstarter.core.definition.TokenEndpointSpec;
import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.definition.TokenRequestSpec;
import dev.tokenstarter.core.definition.TokenResponseSpec;
import dev.tokenstarter.core.test.LoopbackServer.RecordedRequest;
import dev.tokenstarter.core.test.LoopbackServer.Reply;

/**
 * A token API on a {@link LoopbackServer} with a JSON login at {@code /login} and a JSON refresh at
 * {@code /refresh}: logins issue access tokens {@code a1, a2, ...} valid for 100 s and refresh tokens
 * {@code r1, r2, ...} valid for 1000 s; refreshes issue the next access token and rotate the refresh
 * token. Tests replace either answer.
 *
 * @author token-starter
 */
public final class LoginTokenApi implements AutoCloseable {

	/**
	 * The client's registration id.
	 */
	public static final String REGISTRATION_ID = "login-api";

	/**
	 * The password, which must never show in messages.
	 */
	public static final String PASSWORD = "s3cret-pa55";

	/**
	 * The clock skew of the client.
	 */
	public static final Duration CLOCK_SKEW = Duration.ofSeconds(10);

	private final LoopbackServer server = new LoopbackServer();

	private final AtomicInteger accessTokens = new AtomicInteger();

	private final AtomicInteger refreshTokens = new AtomicInteger();

	private volatile Function<RecordedRequest, Reply> login = (request) -> Reply
		.json(200, tokens("a" + nextAccess(), 100, "r" + nextRefresh(), 1000));

	private volatile Function<RecordedRequest, Reply> refresh = (request) -> Reply
		.json(200, tokens("a" + nextAccess(), 100, "r" + nextRefresh(), 1000));

	public LoginTokenApi() {
		this.server.on("/login", (request) -> this.login.apply(request));
		this.server.on("/refresh", (request) -> this.refresh.apply(request));
	}

	/**
	 * Return a token response body; a {@code null} refresh token is left out.
	 * @param access the access token
	 * @param expiresIn its lifetime in seconds
	 * @param refresh the refresh token, or {@code null}
	 * @param refreshExpiresIn its lifetime in seconds
	 * @return the JSON body
	 */
	public static String tokens(String access, long expiresIn, String refresh, long refreshExpiresIn) {
		String body = "{\"access_token\":\"" + access + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn;
		if (refresh != null) {
			body += ",\"refresh_token\":\"" + refresh + "\",\"refresh_expires_in\":" + refreshExpiresIn;
		}
		return body + "}";
	}

	/**
	 * Take the number of the next access token.
	 * @return the number
	 */
	public int nextAccess() {
		return this.accessTokens.incrementAndGet();
	}

	/**
	 * Take the number of the next refresh token.
	 * @return the number
	 */
	public int nextRefresh() {
		return this.refreshTokens.incrementAndGet();
	}

	/**
	 * Answer logins with the given replies.
	 * @param replies the replies
	 * @return this API
	 */
	public LoginTokenApi onLogin(Function<RecordedRequest, Reply> replies) {
		this.login = replies;
		return this;
	}

	/**
	 * Answer refreshes with the given replies.
	 * @param replies the replies
	 * @return this API
	 */
	public LoginTokenApi onRefresh(Function<RecordedRequest, Reply> replies) {
		this.refresh = replies;
		return this;
	}

	/**
	 * Return the login requests received so far.
	 * @return the requests
	 */
	public List<RecordedRequest> logins() {
		return this.server.requests("/login");
	}

	/**
	 * Return the refresh requests received so far.
	 * @return the requests
	 */
	public List<RecordedRequest> refreshes() {
		return this.server.requests("/refresh");
	}

	/**
	 * Return every request received so far.
	 * @return the requests
	 */
	public List<RecordedRequest> requests() {
		return this.server.requests();
	}

	/**
	 * Return the client: a JSON login with a JSON refresh, Bearer tokens, 10 s clock skew.
	 * @return the definition
	 */
	public TokenClientDefinition definition() {
		return builder().build();
	}

	/**
	 * Return the client without a refresh endpoint.
	 * @return the definition
	 */
	public TokenClientDefinition definitionWithoutRefresh() {
		return builder().refreshEndpoint(null).build();
	}

	private TokenClientDefinition.Builder builder() {
		TokenResponseSpec response = new TokenResponseSpec(ResponseSource.body("/access_token"),
				ResponseSource.body("/refresh_token"), ResponseSource.body("/token_type"),
				ExpirySpec.seconds("/expires_in"), ExpirySpec.seconds("/refresh_expires_in"), null,
				TokenResponseSpec.DEFAULT_ERROR_CODE, TokenResponseSpec.DEFAULT_ERROR_MESSAGE);
		TokenRequestSpec login = TokenRequestSpec.post(this.server.uri("/login"))
			.withBody(BodyFormat.JSON, Map.of("user", "{username}", "pass", "{password}"));
		TokenRequestSpec refresh = TokenRequestSpec.post(this.server.uri("/refresh"))
			.withBody(BodyFormat.JSON, Map.of("refresh", "{refresh-token}"));
		return TokenClientDefinition.withRegistrationId(REGISTRATION_ID)
			.grant(TokenGrant.LOGIN)
			.credentials(TokenCredentials.of(Map.of("username", "alice", "password", PASSWORD)))
			.tokenEndpoint(new TokenEndpointSpec(login, response))
			.refreshEndpoint(new TokenEndpointSpec(refresh, response))
			.lifecycle(new LifecycleSpec(0.8, null, CLOCK_SKEW, null, LifecycleSpec.RetrySpec.defaults()));
	}

	/**
	 * Return the client's registration, as token-starter builds it.
	 * @return the registration
	 */
	public static ClientRegistration registration() {
		return ClientRegistration.withRegistrationId(REGISTRATION_ID)
			.authorizationGrantType(TokenGrant.LOGIN.authorizationGrantType())
			.clientId(REGISTRATION_ID)
			.build();
	}

	@Override
	public void close() {
		this.server.close();
	}

}
