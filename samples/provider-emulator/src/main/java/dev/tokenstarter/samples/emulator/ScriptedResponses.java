package dev.tokenstarter.samples.emulator;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Responses queued by tests to be served, in order, instead of the provider's real behaviour
 * on its next token requests.
 */
final class ScriptedResponses {

	private final Map<String, Queue<EmulatorResponse>> queues = new ConcurrentHashMap<>();

	void enqueue(String provider, EmulatorResponse response) {
		this.queues.computeIfAbsent(provider, (key) -> new ConcurrentLinkedQueue<>()).add(response);
	}

	/**
	 * Take the next scripted response of a provider.
	 * @return the response, or {@code null} if none is queued
	 */
	EmulatorResponse poll(String provider) {
		Queue<EmulatorResponse> queue = this.queues.get(provider);
		return (queue != null) ? queue.poll() : null;
	}

	void clear() {
		this.queues.clear();
	}

}
