/**
 * Declarative descriptions of non-standard token endpoints: what a token request carries, where a
 * response keeps the token and its expiry, and how the token is attached to API calls.
 */
@NullMarked
package dev.tokenstarter.core.definition;

import org.jspecify.annotations.NullMarked;
