/**
 * Auto-configuration of the callback endpoint to which APIs post the tokens of clients whose token
 * delivery is callback, for servlet and reactive web applications.
 */
@NullMarked
package dev.tokenstarter.autoconfigure.callback;

import org.jspecify.annotations.NullMarked;
