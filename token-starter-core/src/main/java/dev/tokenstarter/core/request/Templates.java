package dev.tokenstarter.core.request;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * {@code {variable}} templates in token request descriptions. A variable name is made of letters,
 * digits, {@code -}, {@code _} and {@code .}; any other brace is left as it is.
 *
 * @author token-starter
 */
public final class Templates {

	private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");

	private Templates() {
	}

	/**
	 * Return the variables that a template refers to.
	 * @param template the template
	 * @return the variable names, in order of first use
	 */
	public static Set<String> variables(String template) {
		Set<String> names = new LinkedHashSet<>();
		Matcher matcher = VARIABLE.matcher(template);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	/**
	 * Fill in a template.
	 * @param template the template
	 * @param values the variable values
	 * @param encoder applied to each value before it is put in
	 * @return the filled-in text
	 * @throws IllegalStateException when a variable has no value; the message names the variable, never
	 * a value
	 */
	public static String expand(String template, Map<String, String> values, Function<String, String> encoder) {
		if (template.indexOf('{') < 0) {
			return template;
		}
		Matcher matcher = VARIABLE.matcher(template);
		StringBuilder result = new StringBuilder(template.length() + 32);
		while (matcher.find()) {
			String name = matcher.group(1);
			@Nullable String value = values.get(name);
			if (value == null) {
				throw new IllegalStateException("No value for template variable {" + name + "}");
			}
			matcher.appendReplacement(result, Matcher.quoteReplacement(encoder.apply(value)));
		}
		matcher.appendTail(result);
		return result.toString();
	}

}
