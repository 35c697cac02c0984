package dev.tokenstarter.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Container of repeated {@link FixedToken} annotations.
 *
 * @author token-starter
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface FixedTokens {

	/**
	 * The fixed tokens.
	 * @return the annotations
	 */
	FixedToken[] value();

}
