/**
 * Tokens, renewal locks and issuance budgets kept in Redis, shared by the instances of a fleet.
 */
@NullMarked
package dev.tokenstarter.core.store.redis;

import org.jspecify.annotations.NullMarked;
