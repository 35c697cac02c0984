package dev.tokenstarter.samples.demo;

import java.util.concurrent.CountDownLatch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

import dev.tokenstarter.samples.emulator.EmulatorSettings;
import dev.tokenstarter.samples.emulator.ProviderEmulator;

/**
 * Calls one protected endpoint of each of the five seed APIs through token-starter's clients and prints
 * one line per API, then reads its own Actuator endpoints and prints one line each. By default the APIs
 * are emulated on loopback; run with {@code --demo.emulator.embedded=false} and real URLs and
 * credentials to call the real ones. It exits once done, unless run with
 * {@code --demo.keep-running=true}.
 *
 * @author token-starter
 */
@SpringBootApplication
@EnableConfigurationProperties(DemoProperties.class)
public class DemoApplication {

	static final String EMULATOR_BASE_URL = "demo.emulator.base-url";

	public static void main(String[] args) {
		System.exit(run(args));
	}

	/**
	 * Run the demo.
	 * @param args the command line arguments
	 * @return the exit code: 0 when every API call succeeded
	 */
	static int run(String... args) {
		SpringApplication application = new SpringApplication(DemoApplication.class);
		ProviderEmulator emulator = embedded(args) ? ProviderEmulator.start(EmulatorSettings.defaults()) : null;
		try {
			if (emulator != null) {
				System.setProperty(EMULATOR_BASE_URL, emulator.baseUrl());
				application.addInitializers(
						(context) -> context.getBeanFactory().registerSingleton("providerEmulator", emulator));
			}
			CountDownLatch closed = new CountDownLatch(1);
			application.addListeners((event) -> {
				if (event instanceof ContextClosedEvent) {
					closed.countDown();
				}
			});
			ConfigurableApplicationContext context = application.run(args);
			if (context.getBean(DemoProperties.class).isKeepRunning()) {
				awaitClose(closed);
				return 0;
			}
			return SpringApplication.exit(context);
		}
		finally {
			if (emulator != null) {
				System.clearProperty(EMULATOR_BASE_URL);
				emulator.close();
			}
		}
	}

	/**
	 * Wait until the application is closed, as by Ctrl-C.
	 */
	private static void awaitClose(CountDownLatch closed) {
		try {
			closed.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static boolean embedded(String... args) {
		for (String arg : args) {
			if (arg.equals("--demo.emulator.embedded=false")) {
				return false;
			}
		}
		return !"false".equals(System.getProperty("demo.emulator.embedded",
				System.getenv().getOrDefault("DEMO_EMULATOR_EMBEDDED", "true")));
	}

}
