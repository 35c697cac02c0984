/**
 * OAuth2 authorized-client providers for non-standard grants, each with a reactive twin.
 */
@NullMarked
package dev.tokenstarter.core.provider;

import org.jspecify.annotations.NullMarked;
