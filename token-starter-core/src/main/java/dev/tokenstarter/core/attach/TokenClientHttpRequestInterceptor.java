package dev.tokenstarter.core.attach;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;

import org.jspecify.annotations.Nullable;
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
		if (!this.attachment.needsBody(response.getHeaders())) {
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
	 * renewed token the same way, tell the lifecycle, which then keeps the token.
	 * @param refusedStatus the status that refused the token, or 0 for a body rule
	 */
	private ClientHttpResponse retry(HttpRequest request, byte[] body, ClientHttpRequestExecution execution,
			int refusedStatus) throws IOException {
		OAuth2AccessToken token = this.lifecycle.token();
		ClientHttpResponse response = execution.execute(withToken(request, token), body);
		if (refusedStatus != 0) {
			if (response.getStatusCode().value() == refusedStatus) {
				this.lifecycle.refusedAgain(token.getTokenValue(), TokenAttachment.statusRefusal(refusedStatus));
			}
			return response;
		}
		if (!this.attachment.needsBody(response.getHeaders())) {
			return response;
		}
		ClientHttpResponse checked = readBody(response);
		if (isInvalidBody(checked)) {
			this.lifecycle.refusedAgain(token.getTokenValue(), TokenAttachment.BODY_REFUSAL);
		}
		return checked;
	}

	/**
	 * Read a body no further than {@link TokenAttachment#MAX_CHECKED_BODY_SIZE}: a body within it is
	 * buffered and the response closed; a larger one is passed on as it comes, its first bytes first.
	 */
	private static ClientHttpResponse readBody(ClientHttpResponse response) throws IOException {
		InputStream body = response.getBody();
		byte[] prefix;
		try {
			prefix = body.readNBytes(TokenAttachment.MAX_CHECKED_BODY_SIZE + 1);
		}
		catch (IOException | RuntimeException ex) {
			response.close();
			throw ex;
		}
		if (prefix.length > TokenAttachment.MAX_CHECKED_BODY_SIZE) {
			return new BufferedResponse(response, prefix, body);
		}
		response.close();
		return new BufferedResponse(response, prefix, null);
	}

	private boolean isInvalidBody(ClientHttpResponse checked) {
		BufferedResponse buffered = (BufferedResponse) checked;
		return buffered.rest == null && this.attachment.isInvalidBody(buffered.body);
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

	/**
	 * A response whose body was read in full, or whose first bytes were read and the rest not.
	 */
	private static final class BufferedResponse implements ClientHttpResponse {

		private final ClientHttpResponse response;

		private final byte[] body;

		private final @Nullable InputStream rest;

		private @Nullable InputStream joined;

		BufferedResponse(ClientHttpResponse response, byte[] body, @Nullable InputStream rest) {
			this.response = response;
			this.body = body;
			this.rest = rest;
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
			if (this.rest == null) {
				return new ByteArrayInputStream(this.body);
			}
			if (this.joined == null) {
				this.joined = new SequenceInputStream(new ByteArrayInputStream(this.body), this.rest);
			}
			return this.joined;
		}

		@Override
		public void close() {
			if (this.rest != null) {
				this.response.close();
			}
		}

	}

}
