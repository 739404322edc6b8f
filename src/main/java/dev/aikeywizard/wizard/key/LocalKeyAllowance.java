package dev.aikeywizard.wizard.key;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The key allowance of one instance (sessions in memory): per user, the intents of the last hour in order. */
final class LocalKeyAllowance implements KeyAllowance {

	private final int limit;

	private final Clock clock;

	private final Map<String, LinkedHashMap<String, Instant>> taken = new ConcurrentHashMap<>();

	LocalKeyAllowance(int limit, Clock clock) {
		this.limit = limit;
		this.clock = clock;
	}

	@Override
	public boolean take(String userId, String intent) {
		Instant now = this.clock.instant();
		Instant windowStart = now.minus(WINDOW);
		boolean[] allowed = new boolean[1];
		this.taken.compute(userId, (user, intents) -> {
			LinkedHashMap<String, Instant> live = (intents != null) ? intents : new LinkedHashMap<>();
			live.values().removeIf((at) -> !at.isAfter(windowStart));
			allowed[0] = live.containsKey(intent) || live.size() < this.limit;
			if (allowed[0]) {
				live.putIfAbsent(intent, now);
			}
			return live.isEmpty() ? null : live;
		});
		return allowed[0];
	}

	@Override
	public void giveBack(String userId, String intent) {
		this.taken.computeIfPresent(userId, (user, intents) -> {
			intents.remove(intent);
			return intents.isEmpty() ? null : intents;
		});
	}

	@Override
	public int limit() {
		return this.limit;
	}

}
