package dev.tokenstarter.samples.emulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts tokens issued per provider and UTC day of the emulator's clock.
 */
final class DailyQuota {

	private final Map<String, Usage> usages = new HashMap<>();

	/**
	 * Take one token from today's quota.
	 * @return {@code false} if the limit was already reached today
	 */
	synchronized boolean tryAcquire(String provider, int limit, Instant now) {
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		Usage usage = this.usages.get(provider);
		if (usage == null || !usage.day().equals(today)) {
			usage = new Usage(today, 0);
		}
		if (usage.count() >= limit) {
			return false;
		}
		this.usages.put(provider, new Usage(today, usage.count() + 1));
		return true;
	}

	synchronized void clear() {
		this.usages.clear();
	}

	private record Usage(LocalDate day, int count) {

	}

}
