package dev.tokenstarter.core.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import dev.tokenstarter.core.definition.TokenGrant;
import dev.tokenstarter.core.lifecycle.Renewer;

/**
 * A {@link Renewer} that issues tokens named {@code t1}, {@code t2}, ... valid for a fixed lifetime on a
 * clock, counts its calls, records the tokens it was asked to replace, and can be told to fail, to
 * answer later, or to block on a gate.
 *
 * @author token-starter
 */
public final class IssuingRenewer implements Renewer {

	private static final ClientRegistration REGISTRATION = ClientRegistration.withRegistrationId("api")
		.authorizationGrantType(TokenGrant.CLIENT_CREDENTIALS.authorizationGrantType())
		.clientId("api")
		.build();

	private final Clock clock;

	private final Duration lifetime;

	private final String prefix;

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicInteger issued = new AtomicInteger();

	private final List<String> replacedTokens = Collections.synchronizedList(new ArrayList<>());

	private final Queue<Supplier<CompletableFuture<OAuth2AuthorizedClient>>> script = new ConcurrentLinkedQueue<>();

	private volatile CountDownLatch gate;

	public IssuingRenewer(Clock clock, Duration lifetime) {
		this(clock, lifetime, "t");
	}

	public IssuingRenewer(Clock clock, Duration lifetime, String prefix) {
		this.clock = clock;
		this.lifetime = lifetime;
		this.prefix = prefix;
	}

	@Override
	public CompletableFuture<OAuth2AuthorizedClient> renew(String replacedToken) {
		this.calls.incrementAndGet();
		this.replacedTokens.add(String.valueOf(replacedToken));
		CountDownLatch currentGate = this.gate;
		if (currentGate != null) {
			ConcurrentTestHarness.awaitOrDump(currentGate, "the renewer's gate");
		}
		Supplier<CompletableFuture<OAuth2AuthorizedClient>> next = this.script.poll();
		return (next != null) ? next.get() : CompletableFuture.completedFuture(issue());
	}

	/**
	 * Issue the next token now, without counting a call.
	 * @return the authorized client holding it
	 */
	public OAuth2AuthorizedClient issue() {
		Instant now = this.clock.instant();
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
				this.prefix + this.issued.incrementAndGet(), now, now.plus(this.lifetime));
		return new OAuth2AuthorizedClient(REGISTRATION, "app", token);
	}

	/**
	 * Make the next calls fail with the given errors, one each.
	 * @param errors the errors
	 * @return this renewer
	 */
	public IssuingRenewer failNext(RuntimeException... errors) {
		for (RuntimeException error : errors) {
			this.script.add(() -> CompletableFuture.failedFuture(error));
		}
		return this;
	}

	/**
	 * Make the next call throw instead of returning a future.
	 * @param error the error
	 * @return this renewer
	 */
	public IssuingRenewer throwNext(Error error) {
		this.script.add(() -> {
			throw error;
		});
		return this;
	}

	/**
	 * Make the next call complete without an authorized client, breaking the renewer contract.
	 * @return this renewer
	 */
	public IssuingRenewer completeEmptyNext() {
		this.script.add(() -> CompletableFuture.completedFuture(null));
		return this;
	}

	/**
	 * Make the next call return a future that the test completes.
	 * @return the future
	 */
	public CompletableFuture<OAuth2AuthorizedClient> deferNext() {
		CompletableFuture<OAuth2AuthorizedClient> future = new CompletableFuture<>();
		this.script.add(() -> future);
		return future;
	}

	/**
	 * Make every call block until the returned latch is opened.
	 * @return the gate
	 */
	public CountDownLatch gate() {
		CountDownLatch latch = new CountDownLatch(1);
		this.gate = latch;
		return latch;
	}

	/**
	 * Return how many times the renewer was called.
	 * @return the count
	 */
	public int calls() {
		return this.calls.get();
	}

	/**
	 * Return the token each call was asked to replace, {@code "null"} for none.
	 * @return the tokens, in call order
	 */
	public List<String> replacedTokens() {
		synchronized (this.replacedTokens) {
			return List.copyOf(this.replacedTokens);
		}
	}

}
