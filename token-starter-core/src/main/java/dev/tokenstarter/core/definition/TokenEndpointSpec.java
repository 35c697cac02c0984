package dev.tokenstarter.core.definition;

import org.springframework.util.Assert;

/**
 * A token endpoint: the request to send and how to read its response.
 *
 * @param request the request description
 * @param response the response description
 * @author token-starter
 */
public record TokenEndpointSpec(TokenRequestSpec request, TokenResponseSpec response) {

	public TokenEndpointSpec {
		Assert.notNull(request, "request cannot be null");
		Assert.notNull(response, "response cannot be null");
	}

}
