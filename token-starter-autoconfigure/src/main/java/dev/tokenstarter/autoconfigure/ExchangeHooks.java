package dev.tokenstarter.autoconfigure;

import org.jspecify.annotations.Nullable;

import dev.tokenstarter.core.endpoint.ReactiveTokenEndpointClient;
import dev.tokenstarter.core.endpoint.TokenEndpointClient;
import dev.tokenstarter.core.request.TokenRequestCustomizer;
import dev.tokenstarter.core.response.TokenResponseReader;

/**
 * The code hooks of one client, set alike on its blocking and reactive endpoint clients.
 *
 * @param requestCustomizer what changes its token requests, or {@code null}
 * @param responseReader what reads its token responses, or {@code null}
 * @author token-starter
 */
record ExchangeHooks(@Nullable TokenRequestCustomizer requestCustomizer, @Nullable TokenResponseReader responseReader) {

	static final ExchangeHooks NONE = new ExchangeHooks(null, null);

	void applyTo(TokenEndpointClient endpointClient) {
		endpointClient.setRequestCustomizer(this.requestCustomizer);
		endpointClient.setResponseReader(this.responseReader);
	}

	void applyTo(ReactiveTokenEndpointClient endpointClient) {
		endpointClient.setRequestCustomizer(this.requestCustomizer);
		endpointClient.setResponseReader(this.responseReader);
	}

}
