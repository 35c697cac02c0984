package dev.tokenstarter.autoconfigure.callback;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.tokenstarter.autoconfigure.TokenStarterProperties;
import dev.tokenstarter.core.callback.PendingCallbacks;

/**
 * Auto-configuration of the callback endpoint in reactive (WebFlux) applications, when some client's
 * token delivery is callback: {@code POST <token-starter.callback.path>/{registrationId}?state=...} as a
 * functional route, answering 204 to an accepted delivery, 400 to one that is no token response, 404 to
 * an unsolicited one, 409 to a replay and 410 to one that came too late.
 * <p>
 * token-starter does not change web security. In an application with a Spring Security web filter chain,
 * permit the callback path and exempt it from CSRF protection, for instance
 * {@code http.authorizeExchange((a) -> a.pathMatchers(POST, "/token-starter/callback/**").permitAll())}
 * and a {@code requireCsrfProtectionMatcher} in {@code http.csrf(...)} that skips it: deliveries are
 * authenticated by their one-time state.
 *
 * @author token-starter
 * @see TokenCallbackWebMvcAutoConfiguration
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "token-starter", name = "enabled", matchIfMissing = true)
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass(name = "org.springframework.web.reactive.function.server.RouterFunction")
@Conditional(OnCallbackDeliveryCondition.class)
@EnableConfigurationProperties(TokenStarterProperties.class)
public final class TokenCallbackWebFluxAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PendingCallbacks tokenStarterPendingCallbacks(TokenStarterProperties properties, ObjectProvider<Clock> clock) {
		return CallbackEndpoints.pendingCallbacks(properties, clock);
	}

	@Bean
	@ConditionalOnMissingBean(name = "tokenStarterCallbackRoute")
	RouterFunction<ServerResponse> tokenStarterCallbackRoute(TokenStarterProperties properties,
			PendingCallbacks callbacks) {
		return RouterFunctions.route()
			.POST(CallbackEndpoints.pattern(properties), new WebFluxTokenCallbackHandler(callbacks))
			.build();
	}

}
