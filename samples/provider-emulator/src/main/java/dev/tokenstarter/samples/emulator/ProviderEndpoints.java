package dev.tokenstarter.samples.emulator;

import java.util.List;

/**
 * Endpoints of one emulated provider.
 */
interface ProviderEndpoints {

	List<Route> routes();

}
