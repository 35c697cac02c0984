/**
 * Test support for applications that use token-starter: {@link dev.tokenstarter.test.FixedToken} gives a
 * client a fixed token with no token endpoint, and {@link dev.tokenstarter.test.TokenEndpointStub} is a
 * loopback token endpoint that records the token requests it gets.
 */
@NullMarked
package dev.tokenstarter.test;

import org.jspecify.annotations.NullMarked;
