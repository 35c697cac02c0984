/**
 * Auto-configuration of token-starter: token clients from {@code token-starter.*} properties, their
 * token lifecycles, and one RestClient (and WebClient, with WebFlux) bean per client.
 */
@NullMarked
package dev.tokenstarter.autoconfigure;

import org.jspecify.annotations.NullMarked;
