package dev.tokenstarter.autoconfigure;

import java.lang.annotation.Annotation;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;

import dev.tokenstarter.annotation.TokenClient;

/**
 * Explains a missing token client bean, in place of Spring's generic "required a bean ... that could not
 * be found": an injection point annotated {@code @TokenClient("x")}, or {@code @Qualifier("x")} on a
 * RestClient, WebClient or one of their builders, when no token client {@code x} is configured. The
 * analysis lists the configured clients, the closest id, and {@code token-starter.*} keys that look
 * like a misspelled {@code clients} map. It comes before Spring Boot's own analyzer of the failure.
 *
 * @author token-starter
 */
final class TokenClientBeanFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchBeanDefinitionException>
		implements Ordered {

	private static final List<String> CLIENT_TYPES = List.of("org.springframework.web.client.RestClient",
			"org.springframework.web.client.RestClient$Builder",
			"org.springframework.web.reactive.function.client.WebClient",
			"org.springframework.web.reactive.function.client.WebClient$Builder");

	private final @Nullable Environment environment;

	TokenClientBeanFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause) {
		UnsatisfiedDependencyException unsatisfied = findCause(rootFailure, UnsatisfiedDependencyException.class);
		InjectionPoint injectionPoint = (unsatisfied != null) ? unsatisfied.getInjectionPoint() : null;
		if (injectionPoint == null || this.environment == null) {
			return null;
		}
		String reference = reference(injectionPoint, cause.getResolvableType());
		if (reference == null) {
			return null;
		}
		String id = idOf(injectionPoint);
		TokenClientIds ids = TokenClientIds.of(this.environment);
		if (ids.ids().contains(id)) {
			return null;
		}
		Class<?> required = (cause.getResolvableType() != null) ? cause.getResolvableType().resolve() : null;
		String type = (required != null) ? required.getCanonicalName() : "bean";
		String description = String.format("%s required a %s of token client '%s', but there is no token client "
				+ "'%s'.%n%n%s", where(injectionPoint), type, id, id, ids.describe(id));
		return new FailureAnalysis(description, ids.action(id, reference), cause);
	}

	/**
	 * Return how the injection point names a token client, with {@code %s} for the id, or {@code null}
	 * when it asks for no token client.
	 */
	private static @Nullable String reference(InjectionPoint injectionPoint, @Nullable ResolvableType type) {
		for (Annotation annotation : injectionPoint.getAnnotations()) {
			if (annotation instanceof TokenClient) {
				return "@TokenClient(\"%s\")";
			}
		}
		boolean clientType = type != null && type.resolve() != null
				&& CLIENT_TYPES.contains(type.resolve().getName());
		for (Annotation annotation : injectionPoint.getAnnotations()) {
			if (annotation instanceof Qualifier && clientType) {
				return "@Qualifier(\"%s\")";
			}
		}
		return null;
	}

	private static String idOf(InjectionPoint injectionPoint) {
		for (Annotation annotation : injectionPoint.getAnnotations()) {
			if (annotation instanceof TokenClient client) {
				return client.value();
			}
			if (annotation instanceof Qualifier qualifier) {
				return qualifier.value();
			}
		}
		return "";
	}

	private static String where(InjectionPoint injectionPoint) {
		if (injectionPoint.getField() != null) {
			return "Field " + injectionPoint.getField().getName() + " in "
					+ injectionPoint.getField().getDeclaringClass().getName();
		}
		MethodParameter parameter = injectionPoint.getMethodParameter();
		if (parameter == null) {
			return "An injection point";
		}
		if (parameter.getConstructor() != null) {
			return "Parameter " + parameter.getParameterIndex() + " of constructor in "
					+ parameter.getDeclaringClass().getName();
		}
		return "Parameter " + parameter.getParameterIndex() + " of method "
				+ parameter.getExecutable().getName() + " in " + parameter.getDeclaringClass().getName();
	}

}
