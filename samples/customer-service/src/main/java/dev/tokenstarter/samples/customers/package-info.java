/**
 * A small user service calling an API through a token-starter client.
 */
@NullMarked
package dev.tokenstarter.samples.customers;

import org.jspecify.annotations.NullMarked;
