package dev.tokenstarter.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.core.ResolvableType;
import org.springframework.util.Assert;

/**
 * The keys that {@link TokenStarterProperties} binds, read from its JavaBean properties as Spring Boot's
 * binder reads them, so that a new property group is known without a list to keep; and the closest of
 * them to a key that is not one. A key is a list of elements in which {@code *} stands for any one
 * element (a client id, a list index) and a trailing {@code **} for any further elements (the entries of
 * a map of values, such as {@code token.body}).
 *
 * @author token-starter
 */
final class TokenStarterKeys {

	static final String PREFIX = "token-starter";

	private static final String ANY = "*";

	private static final String ANY_MORE = "**";

	private static final String PROPERTIES_PACKAGE = "dev.tokenstarter";

	private final List<List<String>> keys;

	private TokenStarterKeys(List<List<String>> keys) {
		this.keys = keys;
	}

	/**
	 * Return the keys of {@link TokenStarterProperties}, without the {@code token-starter} prefix.
	 * @return the keys
	 */
	static TokenStarterKeys of() {
		return of(TokenStarterProperties.class);
	}

	static TokenStarterKeys of(Class<?> type) {
		List<List<String>> keys = new ArrayList<>();
		collect(type, List.of(), keys, 0);
		return new TokenStarterKeys(keys);
	}

	private static void collect(Class<?> type, List<String> parent, List<List<String>> keys, int depth) {
		Assert.state(depth < 16, () -> "Properties nest too deep at " + parent);
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getReadMethod() == null || "class".equals(descriptor.getName())) {
				continue;
			}
			List<String> key = append(parent, DataObjectPropertyName.toDashedForm(descriptor.getName()));
			ResolvableType propertyType = ResolvableType.forMethodReturnType(descriptor.getReadMethod());
			if (propertyType.asMap() != ResolvableType.NONE) {
				ResolvableType value = propertyType.asMap().getGeneric(1);
				if (isGroup(value)) {
					collect(value.toClass(), append(key, ANY), keys, depth + 1);
				}
				else {
					keys.add(append(key, ANY_MORE));
				}
			}
			else if (propertyType.isArray() || propertyType.asCollection() != ResolvableType.NONE) {
				ResolvableType element = propertyType.isArray() ? propertyType.getComponentType()
						: propertyType.asCollection().getGeneric(0);
				if (isGroup(element)) {
					collect(element.toClass(), append(key, ANY), keys, depth + 1);
				}
				else {
					keys.add(key);
					keys.add(append(key, ANY));
				}
			}
			else if (isGroup(propertyType)) {
				collect(propertyType.toClass(), key, keys, depth + 1);
			}
			else {
				keys.add(key);
			}
		}
	}

	/**
	 * Whether a type is a nested group of properties rather than a value: a class of token-starter's
	 * own that is not an enum.
	 */
	private static boolean isGroup(ResolvableType type) {
		Class<?> resolved = type.resolve();
		return resolved != null && !resolved.isEnum() && !resolved.isInterface() && resolved.getPackageName()
			.startsWith(PROPERTIES_PACKAGE) && !Map.class.isAssignableFrom(resolved)
				&& !Collection.class.isAssignableFrom(resolved);
	}

	private static List<String> append(List<String> parent, String element) {
		List<String> key = new ArrayList<>(parent);
		key.add(element);
		return key;
	}

	/**
	 * Return the known key closest to an unknown one, written with the unknown key's own client id, list
	 * indexes and map entries, or {@code null} when no known key is close.
	 * @param unknown the key, below {@code token-starter}
	 * @return the closest key, below {@code token-starter}, or {@code null}
	 */
	@Nullable String closest(List<String> unknown) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (List<String> key : this.keys) {
			String candidate = instantiate(key, unknown);
			if (candidate == null) {
				continue;
			}
			int distance = distance(join(unknown), candidate);
			if (distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		String written = join(unknown);
		return (best != null && bestDistance <= Math.max(2, written.length() / 4)) ? best : null;
	}

	/**
	 * Whether the key is one of the known ones.
	 * @param key the key, below {@code token-starter}
	 * @return whether it is known
	 */
	boolean isKnown(List<String> key) {
		String written = join(key);
		return this.keys.stream().anyMatch((known) -> written.equals(instantiate(known, key)));
	}

	/**
	 * Whether the key names a group of known keys, such as a list of groups ({@code windows}).
	 * @param key the key, below {@code token-starter}
	 * @return whether known keys are below it
	 */
	boolean isGroup(List<String> key) {
		return this.keys.stream().anyMatch((known) -> known.size() > key.size() + 1 && startsWith(known, key));
	}

	private static boolean startsWith(List<String> known, List<String> key) {
		for (int i = 0; i < key.size(); i++) {
			if (!ANY.equals(known.get(i)) && !known.get(i).equals(key.get(i))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Return the known key written with the elements of the unknown one where it has wildcards, or
	 * {@code null} when the unknown key is too short to fill them.
	 */
	private static @Nullable String instantiate(List<String> known, List<String> unknown) {
		List<String> elements = new ArrayList<>();
		for (int i = 0; i < known.size(); i++) {
			String element = known.get(i);
			if (ANY_MORE.equals(element)) {
				if (unknown.size() <= i) {
					return null;
				}
				elements.addAll(unknown.subList(i, unknown.size()));
				break;
			}
			if (ANY.equals(element)) {
				if (unknown.size() <= i) {
					return null;
				}
				element = unknown.get(i);
			}
			elements.add(element);
		}
		return join(elements);
	}

	/**
	 * Return the key of elements, such as {@code lifecycle.budget.windows[0].limit}.
	 * @param elements the elements
	 * @return the key
	 */
	static String join(List<String> elements) {
		StringBuilder key = new StringBuilder();
		for (String element : elements) {
			if (key.length() > 0 && !element.startsWith("[")) {
				key.append('.');
			}
			key.append(element);
		}
		return key.toString();
	}

	/**
	 * Return the elements of a property name below {@code token-starter}, as written (a map key keeps its
	 * case), with list indexes and map keys that hold dots in brackets.
	 * @param name the name, below {@code token-starter}
	 * @return its elements after the prefix
	 */
	static List<String> elements(ConfigurationPropertyName name) {
		List<String> elements = new ArrayList<>();
		for (int i = 1; i < name.getNumberOfElements(); i++) {
			String element = name.getElement(i, Form.ORIGINAL);
			boolean indexed = name.isNumericIndex(i) || element.contains(".") || !element.equals(element.trim());
			elements.add(indexed ? "[" + element + "]" : element);
		}
		return elements;
	}

	/**
	 * Return the Levenshtein distance of two keys, ignoring case.
	 */
	static int distance(String a, String b) {
		String left = a.toLowerCase(Locale.ROOT);
		String right = b.toLowerCase(Locale.ROOT);
		int[] previous = new int[right.length() + 1];
		int[] current = new int[right.length() + 1];
		for (int j = 0; j <= right.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= left.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= right.length(); j++) {
				int substitution = previous[j - 1] + ((left.charAt(i - 1) == right.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[right.length()];
	}

}
