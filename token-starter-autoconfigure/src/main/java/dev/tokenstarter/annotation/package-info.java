/**
 * Annotations for application code that uses token-starter's clients, apart from the
 * auto-configuration that provides them.
 */
@NullMarked
package dev.tokenstarter.annotation;

import org.jspecify.annotations.NullMarked;
