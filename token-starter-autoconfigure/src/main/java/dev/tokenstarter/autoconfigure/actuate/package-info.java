/**
 * Actuator support for token-starter: the {@code tokens} endpoint, the {@code tokenClients} health
 * contributor and the token metrics, each applying only when Actuator or Micrometer is present. None of
 * them ever shows a token, a refresh token or a secret.
 */
@NullMarked
package dev.tokenstarter.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
