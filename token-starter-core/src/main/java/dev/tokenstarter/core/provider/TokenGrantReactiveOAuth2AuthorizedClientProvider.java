package dev.tokenstarter.core.provider;

import java.time.Clock;
import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProvider;
import org.springframework.util.Assert;

import dev.tokenstarter.core.definition.TokenClientDefinition;
import dev.tokenstarter.core.definition.TokenClientDefinitions;
import dev.tokenstarter.core.endpoint.ReactiveTokenEndpointClient;
import dev.tokenstarter.core.lifecycle.IssuanceBudget;

/**
 * The reactive twin of {@link TokenGrantOAuth2AuthorizedClientProvider}.
 *
 * @author token-starter
 */
public final class TokenGrantReactiveOAuth2AuthorizedClientProvider implements ReactiveOAuth2AuthorizedClientProvider {

	private final ProviderSupport support;

	private final ReactiveTokenEndpointClient endpointClient;

	private IssuanceBudget issuanceBudget = IssuanceBudget.UNLIMITED;

	private Scheduler scheduler = Schedulers.boundedElastic();

	public TokenGrantReactiveOAuth2AuthorizedClientProvider(TokenClientDefinitions definitions,
			ReactiveTokenEndpointClient endpointClient) {
		Assert.notNull(endpointClient, "endpointClient cannot be null");
		this.support = new ProviderSupport(definitions);
		this.endpointClient = endpointClient;
	}

	@Override
	public Mono<OAuth2AuthorizedClient> authorize(OAuth2AuthorizationContext context) {
		Assert.notNull(context, "context cannot be null");
		TokenClientDefinition definition = this.support.definitionNeedingToken(context);
		if (definition == null) {
			return Mono.empty();
		}
		return takeFromBudget(definition.getRegistrationId())
			.then(this.endpointClient.exchange(definition, definition.getTokenEndpoint(), Map.of()))
			.map((response) -> ProviderSupport.authorizedClient(context, response, null));
	}

	/**
	 * Take a token request from the budget on a thread that may block, since a shared budget is remote.
	 */
	private Mono<Void> takeFromBudget(String registrationId) {
		IssuanceBudget budget = this.issuanceBudget;
		if (budget == IssuanceBudget.UNLIMITED) {
			return Mono.empty();
		}
		return Mono.<Void>fromRunnable(() -> budget.acquire(registrationId)).subscribeOn(this.scheduler);
	}

	/**
	 * Set where the budget is called; Reactor's bounded elastic scheduler by default.
	 * @param scheduler a scheduler whose threads may block
	 */
	public void setScheduler(Scheduler scheduler) {
		Assert.notNull(scheduler, "scheduler cannot be null");
		this.scheduler = scheduler;
	}

	/**
	 * Set the budget that every token request is taken from.
	 * @param issuanceBudget the budget
	 */
	public void setIssuanceBudget(IssuanceBudget issuanceBudget) {
		Assert.notNull(issuanceBudget, "issuanceBudget cannot be null");
		this.issuanceBudget = issuanceBudget;
	}

	/**
	 * Set the clock that decides whether a token has expired.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		this.support.setClock(clock);
	}

}
