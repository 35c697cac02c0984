/**
 * A token store, renewal lock and issuance budget in a relational database (PostgreSQL, H2), shared by
 * the instances of a fleet and kept across restarts.
 */
@NullMarked
package dev.tokenstarter.core.store.jdbc;

import org.jspecify.annotations.NullMarked;
