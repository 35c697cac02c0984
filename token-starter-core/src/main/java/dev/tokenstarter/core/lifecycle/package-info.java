/**
 * Keeping one client's token fresh: single-flight renewal, refresh-ahead, issuance budget and back-off.
 */
@NullMarked
package dev.tokenstarter.core.lifecycle;

import org.jspecify.annotations.NullMarked;
