/**
 * HTTP clients that send a built token request and map its response, blocking and reactive.
 */
@NullMarked
package dev.tokenstarter.core.endpoint;

import org.jspecify.annotations.NullMarked;
