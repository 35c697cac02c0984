package dev.tokenstarter.autoconfigure;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.tokenstarter.core.lifecycle.TickingClock;
import dev.tokenstarter.core.response.TokenEndpointException;
import dev.tokenstarter.core.test.BrokenEndpoint;

/**
 * An application, run in a JVM of its own with a small heap by {@link EndlessTokenResponseInSmallHeapTests},
 * whose client's token endpoint answers with an endless body, at default settings. It fetches once on
 * each stack and prints one line: how each fetch failed, whether the endpoint was let go, the heap in use
 * after a collection and at its peak, and whether the clock moved on.
 *
 * @author token-starter
 */
public final class EndlessTokenResponseInSmallHeap {

	private EndlessTokenResponseInSmallHeap() {
	}

	public static void main(String[] args) throws Exception {
		try (BrokenEndpoint endpoint = BrokenEndpoint.start()) {
			endpoint.answer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
					BrokenEndpoint.Behaviour.ENDLESS);
			SpringApplication application = new SpringApplication(Application.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			application.setDefaultProperties(Map.of("token-starter.clients.endless.grant", "client-credentials",
					"token-starter.clients.endless.client-id", "small-heap",
					"token-starter.clients.endless.client-secret", "small-heap-s3cret",
					"token-starter.clients.endless.base-url", "http://127.0.0.1:9",
					"token-starter.clients.endless.token.uri", endpoint.uri("/oauth/token"),
					"token-starter.clients.endless.token.body-format", "form",
					"token-starter.clients.endless.token.body.grant_type", "client_credentials",
					"spring.main.banner-mode", "off", "logging.level.root", "error"));
			try (ConfigurableApplicationContext context = application.run()) {
				long clockBefore = TickingClock.systemUTC().millis();
				String rest = outcome(() -> context.getBean("endlessRestClient", RestClient.class)
					.get()
					.uri("/items")
					.retrieve()
					.body(String.class));
				String web = outcome(() -> context.getBean("endlessWebClient", WebClient.class)
					.get()
					.uri("/items")
					.retrieve()
					.bodyToMono(String.class)
					.block(Duration.ofSeconds(60)));
				boolean letGo = endpoint.awaitEndlessBodyAbandoned(30);
				long peak = heap(true);
				System.gc();
				long used = heap(false);
				boolean clockMoved = awaitClockPast(clockBefore + 200);
				System.out.println("rest=" + rest + " web=" + web + " let_go=" + letGo + " heap_used_mb="
						+ (used >> 20) + " heap_peak_mb=" + (peak >> 20) + " max_heap_mb="
						+ (Runtime.getRuntime().maxMemory() >> 20) + " clock_moved=" + clockMoved);
			}
		}
		System.exit(0);
	}

	private static String outcome(Runnable call) {
		try {
			call.run();
			return "token";
		}
		catch (TokenEndpointException ex) {
			return ex.getError().getErrorCode();
		}
		catch (RuntimeException ex) {
			return ex.getClass().getSimpleName();
		}
	}

	private static long heap(boolean peak) {
		long bytes = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				bytes += peak ? pool.getPeakUsage().getUsed() : pool.getUsage().getUsed();
			}
		}
		return bytes;
	}

	private static boolean awaitClockPast(long millis) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			if (TickingClock.systemUTC().millis() >= millis) {
				return true;
			}
			Thread.sleep(20);
		}
		return false;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(TokenStarterAutoConfiguration.class)
	static class Application {

	}

}
