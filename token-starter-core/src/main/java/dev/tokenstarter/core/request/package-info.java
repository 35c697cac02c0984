/**
 * Building the HTTP request sent to a token endpoint from its declarative description.
 */
@NullMarked
package dev.tokenstarter.core.request;

import org.jspecify.annotations.NullMarked;
