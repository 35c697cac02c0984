/**
 * Signed JWT assertions: signing keys read from PEM or JWK, and the assertions minted with them for
 * token requests, private-key-jwt client authentication and self-signed JWT tokens. Signing is done by
 * Spring Security's JOSE support (Nimbus); key material is never shown by any {@code toString()} or
 * exception message.
 */
@NullMarked
package dev.tokenstarter.core.jwt;

import org.jspecify.annotations.NullMarked;
