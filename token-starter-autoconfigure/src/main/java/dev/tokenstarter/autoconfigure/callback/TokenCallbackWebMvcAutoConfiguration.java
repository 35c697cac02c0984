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
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import dev.tokenstarter.autoconfigure.TokenStarterProperties;
import dev.tokenstarter.core.callback.PendingCallbacks;

/**
 * Auto-configuration of the callback endpoint in servlet (Spring MVC) applications, when some client's
 * token delivery is callback: {@code POST <token-starter.callback.path>/{registrationId}?state=...} as a
 * functional route, answering 204 to an accepted delivery, 400 to one that is no token response, 404 to
 * an unsolicited one, 409 to a replay and 410 to one that came too late.
 * <p>
 * token-starter does not change web security. In an application with a Spring Security filter chain,
 * permit the callback path and exempt it from CSRF protection, for instance
 * {@code http.authorizeHttpRequests((a) -> a.requestMatchers(POST, "/token-starter/callback/**").permitAll())}
 * and {@code http.csrf((c) -> c.ignoringRequestMatchers("/token-starter/callback/**"))}: deliveries are
 * authenticated by their one-time state.
 *
 * @author token-starter
 * @see TokenCallbackWebFluxAutoConfiguration
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "token-starter", name = "enabled", matchIfMissing = true)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.function.RouterFunction")
@Conditional(OnCallbackDeliveryCondition.class)
@EnableConfigurationProperties(TokenStarterProperties.class)
public final class TokenCallbackWebMvcAutoConfiguration {

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
			.POST(CallbackEndpoints.pattern(properties), new WebMvcTokenCallbackHandler(callbacks))
			.build();
	}

}
