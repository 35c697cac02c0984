package dev.tokenstarter.core.definition;

import org.springframework.http.MediaType;
import org.springframework.util.Assert;

/**
 * A token request body written as a template, for bodies that neither JSON fields nor form fields
 * describe, such as XML. Each {@code {variable}} is escaped for the content type as it is filled in:
 * JSON string escaping for {@code application/json} and {@code +json} types (so a variable belongs
 * inside a JSON string), URL encoding for {@code application/x-www-form-urlencoded}, XML escaping for
 * {@code application/xml}, {@code text/xml} and {@code +xml} types, and none for any other type.
 *
 * @param template the body, with {@code {variable}} templates
 * @param contentType the content type the body is sent as
 * @author token-starter
 */
public record RawBody(String template, MediaType contentType) {

	public RawBody {
		Assert.hasLength(template, "template cannot be empty");
		Assert.notNull(contentType, "contentType cannot be null");
		Assert.isTrue(contentType.isConcrete(), () -> "contentType " + contentType + " must not be a wildcard");
	}

	/**
	 * Shows the content type only: the template may hold secrets.
	 */
	@Override
	public String toString() {
		return "RawBody{" + this.contentType + "}";
	}

}
