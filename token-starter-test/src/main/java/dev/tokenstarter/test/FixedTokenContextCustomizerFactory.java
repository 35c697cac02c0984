package dev.tokenstarter.test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

import dev.tokenstarter.test.FixedTokenContextCustomizer.Token;

/**
 * Reads the {@link FixedToken} annotations of a test class, the classes it extends and, for
 * {@code @Nested} classes, the classes enclosing it, and makes the {@link FixedTokenContextCustomizer}
 * that installs them; registered in {@code META-INF/spring.factories}, so that the annotation works in any
 * Spring test. The nearest annotation for a client wins; two on one class for the same client with
 * different tokens are an error.
 *
 * @author token-starter
 */
public final class FixedTokenContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		Map<String, Token> tokens = new LinkedHashMap<>();
		Map<String, Class<?>> declaredOn = new LinkedHashMap<>();
		for (Class<?> current = testClass; current != null; current = TestContextAnnotationUtils
			.searchEnclosingClass(current) ? current.getEnclosingClass() : null) {
			MergedAnnotations.from(current, SearchStrategy.TYPE_HIERARCHY)
				.stream(FixedToken.class)
				.forEach((annotation) -> add(annotation, tokens, declaredOn));
		}
		return tokens.isEmpty() ? null : new FixedTokenContextCustomizer(tokens);
	}

	private static void add(MergedAnnotation<FixedToken> annotation, Map<String, Token> tokens,
			Map<String, Class<?>> declaredOn) {
		String client = annotation.getString("client");
		Token token = new Token(annotation.getString("value"), Set.of(annotation.getStringArray("scopes")));
		Class<?> source = (Class<?>) annotation.getSource();
		Token previous = tokens.putIfAbsent(client, token);
		if (previous == null) {
			declaredOn.put(client, source);
		}
		else if (declaredOn.get(client) == source && !previous.equals(token)) {
			throw new IllegalStateException("@FixedToken names client '" + client + "' twice, with different tokens, on "
					+ source.getName());
		}
	}

}
