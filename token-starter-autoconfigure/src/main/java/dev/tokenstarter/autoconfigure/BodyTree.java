package dev.tokenstarter.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

/**
 * The {@code body} of a token or refresh endpoint as configuration binds it. Bound into a
 * {@code Map<String, Object>}, YAML maps arrive as maps and YAML lists arrive as maps whose keys are
 * the indexes {@code "0"}, {@code "1"}, ...; this turns those back into lists, so that a JSON body gets
 * its arrays.
 *
 * @author token-starter
 */
final class BodyTree {

	private BodyTree() {
	}

	/**
	 * Return the body with every map whose keys are exactly {@code 0} to {@code n-1} turned into a list,
	 * in index order.
	 * @param body the bound body
	 * @return the body as maps, lists and text
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> of(Map<String, Object> body) {
		Map<String, Object> tree = new LinkedHashMap<>();
		body.forEach((name, value) -> tree.put(name, normalize(value)));
		return Collections.unmodifiableMap(tree);
	}

	private static @Nullable Object normalize(@Nullable Object value) {
		if (value instanceof Map<?, ?> map) {
			if (isIndexed(map)) {
				List<@Nullable Object> list = new ArrayList<>();
				for (int i = 0; i < map.size(); i++) {
					list.add(normalize(map.get(Integer.toString(i))));
				}
				return list;
			}
			Map<String, @Nullable Object> tree = new LinkedHashMap<>();
			map.forEach((name, item) -> tree.put(String.valueOf(name), normalize(item)));
			return tree;
		}
		if (value instanceof List<?> list) {
			return list.stream().map(BodyTree::normalize).toList();
		}
		return value;
	}

	private static boolean isIndexed(Map<?, ?> map) {
		if (map.isEmpty()) {
			return false;
		}
		for (int i = 0; i < map.size(); i++) {
			if (!map.containsKey(Integer.toString(i))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Call the consumer with the property key and the value of every text leaf, in order.
	 * @param path the key of the body, such as {@code token.body}
	 * @param tree the body, as {@link #of} returns it
	 * @param consumer called with each leaf's key, such as {@code token.body.auth.methods[0]}, and text
	 */
	static void leaves(String path, @Nullable Object tree, BiConsumer<String, String> consumer) {
		if (tree instanceof String text) {
			consumer.accept(path, text);
		}
		else if (tree instanceof Map<?, ?> map) {
			map.forEach((name, item) -> leaves(TokenClientDefinitionMapper.entryKey(path, (String) name), item,
					consumer));
		}
		else if (tree instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				leaves(path + "[" + i + "]", list.get(i), consumer);
			}
		}
	}

}
