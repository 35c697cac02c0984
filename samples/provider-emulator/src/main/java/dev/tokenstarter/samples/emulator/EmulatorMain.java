package dev.tokenstarter.samples.emulator;

import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link ProviderEmulator} by hand: {@code java ... EmulatorMain [port]}, port 8089 by
 * default. Prints the base URL, then one line per provider, and stops on Ctrl-C.
 */
public final class EmulatorMain {

	private static final int DEFAULT_PORT = 8089;

	private EmulatorMain() {
	}

	/**
	 * Start the emulator and block until the JVM shuts down.
	 * @param args an optional port
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static void main(String[] args) throws InterruptedException {
		int port = (args.length > 0) ? Integer.parseInt(args[0]) : DEFAULT_PORT;
		ProviderEmulator emulator = ProviderEmulator.start(EmulatorSettings.builder().port(port).build());
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			emulator.close();
			stopped.countDown();
		}, "provider-emulator-shutdown"));
		System.out.println(emulator.baseUrl());
		for (String provider : Providers.all()) {
			System.out.println("  " + provider + ": " + emulator.baseUrl() + "/" + provider);
		}
		stopped.await();
	}

}
