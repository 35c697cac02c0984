package dev.tokenstarter.core.lifecycle;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.util.Assert;

import dev.tokenstarter.core.provider.TokenStarterAttributes;

/**
 * One attempt at getting a client a new token through one of Spring's authorized-client managers,
 * blocking or reactive. A blocking renewer runs in the calling thread and returns a completed future.
 *
 * @author token-starter
 */
@FunctionalInterface
public interface Renewer {

	/**
	 * Make one attempt.
	 * @param replacedToken the access token to replace even if it has not expired, or {@code null}
	 * @return the authorized client with its new token
	 */
	CompletableFuture<OAuth2AuthorizedClient> renew(@Nullable String replacedToken);

	/**
	 * Return a renewer on a blocking manager.
	 * @param manager the manager
	 * @param registrationId the client
	 * @param principalName the fixed application principal
	 * @return the renewer
	 */
	static Renewer of(OAuth2AuthorizedClientManager manager, String registrationId, String principalName) {
		Assert.notNull(manager, "manager cannot be null");
		return (replacedToken) -> {
			try {
				OAuth2AuthorizedClient client = manager.authorize(request(registrationId, principalName, replacedToken));
				return (client != null) ? CompletableFuture.completedFuture(client)
						: CompletableFuture.failedFuture(noClient(registrationId));
			}
			catch (RuntimeException ex) {
				return CompletableFuture.failedFuture(ex);
			}
		};
	}

	/**
	 * Return a renewer on a reactive manager.
	 * @param manager the manager
	 * @param registrationId the client
	 * @param principalName the fixed application principal
	 * @return the renewer
	 */
	static Renewer of(ReactiveOAuth2AuthorizedClientManager manager, String registrationId, String principalName) {
		Assert.notNull(manager, "manager cannot be null");
		return (replacedToken) -> manager.authorize(request(registrationId, principalName, replacedToken))
			.switchIfEmpty(reactor.core.publisher.Mono.error(() -> noClient(registrationId)))
			.toFuture();
	}

	private static OAuth2AuthorizeRequest request(String registrationId, String principalName,
			@Nullable String replacedToken) {
		OAuth2AuthorizeRequest.Builder builder = OAuth2AuthorizeRequest.withClientRegistrationId(registrationId)
			.principal(principalName);
		if (replacedToken != null) {
			builder.attribute(TokenStarterAttributes.REPLACED_TOKEN, replacedToken);
		}
		return builder.build();
	}

	private static IllegalStateException noClient(String registrationId) {
		return new IllegalStateException("No provider could authorize client '" + registrationId
				+ "'; check that its grant is one of token-starter's");
	}

}
