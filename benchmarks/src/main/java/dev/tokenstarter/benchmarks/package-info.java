/**
 * Benchmarks of token-starter against stock Spring Security, run by {@link BenchmarkMain}.
 */
@NullMarked
package dev.tokenstarter.benchmarks;

import org.jspecify.annotations.NullMarked;
