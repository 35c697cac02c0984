package dev.tokenstarter.samples.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests received per provider, split into token endpoint and protected API requests, in
 * arrival order.
 */
final class RequestJournal {

	private final Map<String, List<RecordedRequest>> tokenRequests = new ConcurrentHashMap<>();

	private final Map<String, List<RecordedRequest>> apiRequests = new ConcurrentHashMap<>();

	void record(Route route, RecordedRequest request) {
		Map<String, List<RecordedRequest>> requests = route.tokenEndpoint() ? this.tokenRequests : this.apiRequests;
		List<RecordedRequest> list = requests.computeIfAbsent(route.provider(), (key) -> new ArrayList<>());
		synchronized (list) {
			list.add(request);
		}
	}

	List<RecordedRequest> tokenRequests(String provider) {
		return copy(this.tokenRequests.get(provider));
	}

	int tokenRequestCount(String provider) {
		List<RecordedRequest> list = this.tokenRequests.get(provider);
		if (list == null) {
			return 0;
		}
		synchronized (list) {
			return list.size();
		}
	}

	List<RecordedRequest> apiRequests(String provider) {
		return copy(this.apiRequests.get(provider));
	}

	void clear() {
		this.tokenRequests.clear();
		this.apiRequests.clear();
	}

	private static List<RecordedRequest> copy(List<RecordedRequest> list) {
		if (list == null) {
			return List.of();
		}
		synchronized (list) {
			return List.copyOf(list);
		}
	}

}
