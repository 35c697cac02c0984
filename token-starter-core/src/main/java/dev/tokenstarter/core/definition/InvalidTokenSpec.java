package dev.tokenstarter.core.definition;

import java.util.List;
import java.util.Set;

import org.springframework.util.Assert;

/**
 * What marks an API response as "this token is no longer valid": one of the statuses, or a body that
 * matches one of the rules (for APIs that say so with HTTP 200).
 *
 * @param statuses the HTTP statuses that mean the token is invalid
 * @param bodyRules rules on a JSON response body that mean the token is invalid
 * @author token-starter
 */
public record InvalidTokenSpec(Set<Integer> statuses, List<JsonValueRule> bodyRules) {

	public InvalidTokenSpec {
		Assert.notNull(statuses, "statuses cannot be null");
		Assert.notNull(bodyRules, "bodyRules cannot be null");
		statuses = Set.copyOf(statuses);
		bodyRules = List.copyOf(bodyRules);
	}

	/**
	 * Return the default: HTTP 401 and no body rules.
	 * @return the default description
	 */
	public static InvalidTokenSpec unauthorized() {
		return new InvalidTokenSpec(Set.of(401), List.of());
	}

}
