package dev.tokenstarter.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

import dev.tokenstarter.autoconfigure.actuate.TokensEndpoint;

/**
 * Runtime hints of token-starter's auto-configuration for native images, registered in
 * {@code META-INF/spring/aot.factories}: the WebFlux and Reactor types looked up by name when the token
 * clients are built, and, with Actuator, the descriptors of the {@code tokens} endpoint that Jackson
 * writes by reflection. The properties are bound through Spring Boot's own hints, and the JDBC schema
 * scripts are in token-starter-core's.
 *
 * @author token-starter
 */
final class TokenStarterRuntimeHints implements RuntimeHintsRegistrar {

	private static final String ENDPOINT = "org.springframework.boot.actuate.endpoint.annotation.Endpoint";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		for (String type : TokenClientBeansRegistrar.REACTIVE_TYPES) {
			if (ClassUtils.isPresent(type, classLoader)) {
				hints.reflection().registerType(TypeReference.of(type));
			}
		}
		if (ClassUtils.isPresent(ENDPOINT, classLoader)) {
			new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
					TokensEndpoint.TokenClientDescriptor.class);
		}
	}

}
