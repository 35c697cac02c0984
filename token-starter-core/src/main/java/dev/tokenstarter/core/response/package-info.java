/**
 * Mapping a token endpoint's HTTP response to access and refresh tokens, or to a clear error.
 */
@NullMarked
package dev.tokenstarter.core.response;

import org.jspecify.annotations.NullMarked;
