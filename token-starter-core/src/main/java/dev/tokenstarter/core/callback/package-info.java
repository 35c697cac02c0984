/**
 * Tokens that an API delivers to the application's callback URL instead of its token response: the
 * pending fetches, their one-time state, and the outcome of each delivery.
 */
@NullMarked
package dev.tokenstarter.core.callback;

import org.jspecify.annotations.NullMarked;
