package dev.tokenstarter.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Selects the beans of one token client, by its id under {@code token-starter.clients}: its
 * {@code RestClient} and {@code WebClient}, which attach its tokens and have its base URL, and fresh
 * {@code RestClient.Builder} and {@code WebClient.Builder} instances configured the same way, to
 * customize before building.
 *
 * <pre class="code">
 * Videos(&#64;TokenClient("memories") RestClient memories) {
 *     this.memories = memories;
 * }
 * </pre>
 *
 * @author token-starter
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE,
		ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface TokenClient {

	/**
	 * The id of the token client, its key under {@code token-starter.clients}, such as
	 * {@code memories}.
	 * @return the client id
	 */
	String value();

}
