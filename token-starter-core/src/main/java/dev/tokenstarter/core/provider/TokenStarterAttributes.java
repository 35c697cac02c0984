package dev.tokenstarter.core.provider;

import java.util.Map;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;

/**
 * Attributes of an {@link OAuth2AuthorizeRequest} that token-starter's providers read from the
 * authorization context.
 *
 * @author token-starter
 */
public final class TokenStarterAttributes {

	/**
	 * Attribute holding the value of an access token that must be replaced even if it has not expired:
	 * for refresh-ahead and for tokens that an API call reported as invalid. When the stored token is
	 * already another one (renewed by another instance, or before a restart), it is kept.
	 */
	public static final String REPLACED_TOKEN = TokenStarterAttributes.class.getName() + ".REPLACED_TOKEN";

	private TokenStarterAttributes() {
	}

	/**
	 * Return a context attributes mapper for Spring's authorized-client managers that passes every
	 * attribute of the authorize request on to the providers.
	 * @return the mapper
	 */
	public static Function<OAuth2AuthorizeRequest, Map<String, Object>> contextAttributesMapper() {
		return OAuth2AuthorizeRequest::getAttributes;
	}

	/**
	 * Return the same mapper for Spring's reactive authorized-client managers.
	 * @return the mapper
	 */
	public static Function<OAuth2AuthorizeRequest, Mono<Map<String, Object>>> reactiveContextAttributesMapper() {
		return (request) -> Mono.just(request.getAttributes());
	}

}
