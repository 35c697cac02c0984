/**
 * Attaching tokens to API calls and reacting to responses that say the token is no longer valid.
 */
@NullMarked
package dev.tokenstarter.core.attach;

import org.jspecify.annotations.NullMarked;
