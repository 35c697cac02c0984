package dev.tokenstarter.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Give a token-starter client a fixed access token in a Spring test: the client's {@code RestClient} and
 * {@code WebClient} attach it, and its token endpoint is not called. Put it on a test class (or a class
 * it extends or encloses), once per client:
 *
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;FixedToken(client = "mention-me", value = "test-token")
 * class CustomersTests { ... }
 * </pre>
 *
 * The token has no expiry, so it is never renewed. The application's token store is wrapped by a
 * {@link FixedTokenStore} that answers with the fixed token for these clients and leaves the other
 * clients to the store. Only when the API refuses the token (its invalid-token rule) does the client ask
 * its token endpoint as usual.
 *
 * @author token-starter
 * @see FixedTokenStore
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(FixedTokens.class)
public @interface FixedToken {

	/**
	 * The client's id, as under {@code token-starter.clients}.
	 * @return the client id
	 */
	String client();

	/**
	 * The access token value.
	 * @return the token
	 */
	String value() default "test-token";

	/**
	 * The token's scopes.
	 * @return the scopes
	 */
	String[] scopes() default {};

}
