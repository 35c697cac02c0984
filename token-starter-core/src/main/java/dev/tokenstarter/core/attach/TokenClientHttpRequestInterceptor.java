package dev.tokenstarter.core.attach;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.lifecycle.TokenLifecycle;

/**
 * Attaches a client's token to every request of a {@link org.springframework.web.client.RestClient}, in
 * the client's style (header with or without a scheme word, or query parameter). When the response says
 * the token is invalid, by status or by body, it drops the token, renews it once and retries the call
 * once; the second response is returned as it is. When a renewed token is refused the same way again,
 * the response is not about the token: the token is kept and such responses are returned without a
 * retry (see {@link TokenLifecycle#refused}).
 *
 * @author token-starter
 * @see TokenExchangeFilterFunction
 */
public final class TokenClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	private final TokenLifecycle lifecycle;

	private final TokenAttachment attachment;

	public TokenClientHttpRequestInterceptor(TokenLifecycle lifecycle, TokenClientDefinition definition) {
		this(lifecycle, definition, JsonMapper.shared());
	}

	public TokenClientHttpRequestInterceptor(TokenLifecycle lifecycle, TokenClientDefinition definition,
			JsonMapper jsonMapper) {
		Assert.notNull(lifecycle, "lifecycle cannot be null");
		Assert.notNull(definition, "definition cannot be null");
		this.lifecycle = lifecycle;
		this.attachment = new TokenAttachment(definition, jsonMapper);
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		OAuth2AccessToken token = this.lifecycle.token();
		ClientHttpResponse response = execution.execute(withToken(request, token), body);
		int status = response.getStatusCode().value();
		if (this.attachment.isInvalidStatus(status)) {
			String refusal = TokenAttachment.statusRefusal(status);
			if (!this.lifecycle.refused(token.getTokenValue(), refusal)) {
				return response;
			}
			response.close();
			return retry(request, body, execution, status);
		}
		if (!this.attachment.needsBody(response.getHeaders().getContentType())) {
			return response;
		}
		ClientHttpResponse checked = readBody(response);
		if (isInvalidBody(checked) && this.lifecycle.refused(token.getTokenValue(), TokenAttachment.BODY_REFUSAL)) {
			return retry(request, body, execution, 0);
		}
		return checked;
	}

	/**
	 * Send the call again with a renewed token, and return the response as it is; when it refuses the
	 * renewed token the same way, tell the lifecycle, which keeps the token.
	 * @param refusedStatus the status that refused the token, or 0 for a body rule
	 */
	private ClientHttpResponse retry(HttpRequest request, byte[] body, ClientHttpRequestExecution execution,
			int refusedStatus) throws IOException {
		OAuth2AccessToken token = this.lifecycle.token();
		ClientHttpResponse response = execution.execute(withToken(request, token), body);
		if (refusedStatus != 0) {
			if (response.getStatusCode().value() == refusedStatus) {
				this.lifecycle.refused(token.getTokenValue(), TokenAttachment.statusRefusal(refusedStatus));
			}
			return response;
		}
		if (!this.attachment.needsBody(response.getHeaders().getContentType())) {
			return response;
		}
		ClientHttpResponse checked = readBody(response);
		if (isInvalidBody(checked)) {
			this.lifecycle.refused(token.getTokenValue(), TokenAttachment.BODY_REFUSAL);
		}
		return checked;
	}

	private static ClientHttpResponse readBody(ClientHttpResponse response) throws IOException {
		byte[] content;
		try (response) {
			content = response.getBody().readAllBytes();
		}
		return new BufferedResponse(response, content);
	}

	private boolean isInvalidBody(ClientHttpResponse checked) {
		return this.attachment.isInvalidBody(((BufferedResponse) checked).body);
	}

	private HttpRequest withToken(HttpRequest request, OAuth2AccessToken token) {
		URI uri = this.attachment.attach(request.getURI(), request.getHeaders(), token.getTokenValue());
		if (uri == request.getURI()) {
			return request;
		}
		return new HttpRequestWrapper(request) {

			@Override
			public URI getURI() {
				return uri;
			}

		};
	}

	private static final class BufferedResponse implements ClientHttpResponse {

		private final ClientHttpResponse response;

		private final byte[] body;

		BufferedResponse(ClientHttpResponse response, byte[] body) {
			this.response = response;
			this.body = body;
		}

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.response.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.response.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.response.getHeaders();
		}

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(this.body);
		}

		@Override
		public void close() {
		}

	}

}
