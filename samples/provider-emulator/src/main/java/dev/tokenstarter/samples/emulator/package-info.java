/**
 * Loopback HTTP server that imitates the five non-standard token APIs the starter targets,
 * quirks included, for the demo application, end-to-end tests and benchmarks.
 * <p>
 * Start one with {@link dev.tokenstarter.samples.emulator.ProviderEmulator#start}, point a
 * client at {@code baseUrl() + "/" + provider}, and use the {@code Credentials} constants.
 */
package dev.tokenstarter.samples.emulator;
