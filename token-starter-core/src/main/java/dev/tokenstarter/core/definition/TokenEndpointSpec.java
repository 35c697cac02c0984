package dev.tokenstarter.core.definition;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * A token endpoint: the request to send, how its tokens are delivered, and how to read them.
 *
 * @param request the request description
 * @param response the response description, which also describes a token delivery to the callback
 * @param delivery how the endpoint hands over its tokens
 * @param callbackTimeout how long to wait for a delivery to the callback, with
 * {@link TokenDelivery#CALLBACK}
 * @author token-starter
 */
public record TokenEndpointSpec(TokenRequestSpec request, TokenResponseSpec response, TokenDelivery delivery,
		Duration callbackTimeout) {

	/**
	 * How long a callback delivery is waited for by default.
	 */
	public static final Duration DEFAULT_CALLBACK_TIMEOUT = Duration.ofSeconds(30);

	public TokenEndpointSpec {
		Assert.notNull(request, "request cannot be null");
		Assert.notNull(response, "response cannot be null");
		Assert.notNull(delivery, "delivery cannot be null");
		Assert.notNull(callbackTimeout, "callbackTimeout cannot be null");
		Assert.isTrue(!callbackTimeout.isNegative() && !callbackTimeout.isZero(),
				() -> "callbackTimeout must be positive but was " + callbackTimeout);
	}

	/**
	 * Create an endpoint that answers with its tokens.
	 * @param request the request description
	 * @param response the response description
	 */
	public TokenEndpointSpec(TokenRequestSpec request, TokenResponseSpec response) {
		this(request, response, TokenDelivery.RESPONSE, DEFAULT_CALLBACK_TIMEOUT);
	}

	/**
	 * Return this endpoint with its tokens delivered to the application's callback.
	 * @param timeout how long to wait for the delivery
	 * @return the endpoint
	 */
	public TokenEndpointSpec withCallbackDelivery(Duration timeout) {
		return new TokenEndpointSpec(this.request, this.response, TokenDelivery.CALLBACK, timeout);
	}

}
