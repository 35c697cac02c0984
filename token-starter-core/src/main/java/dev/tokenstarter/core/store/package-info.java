/**
 * Where tokens are kept between renewals.
 */
@NullMarked
package dev.tokenstarter.core.store;

import org.jspecify.annotations.NullMarked;
