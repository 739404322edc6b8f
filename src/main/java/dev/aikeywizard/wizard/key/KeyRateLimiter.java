package dev.aikeywizard.wizard.key;

import dev.aikeywizard.wizard.WizardProperties;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * At most {@code app.wizard.keys-per-hour} keys per user in any sliding hour (per app instance). A guard against a
 * runaway script or a stolen session minting keys, not a quota the cloud itself enforces.
 */
@Component
class KeyRateLimiter {

	private static final Duration WINDOW = Duration.ofHours(1);

	private final int limit;

	private final Clock clock;

	private final Map<String, Deque<Instant>> issued = new ConcurrentHashMap<>();

	@Autowired
	KeyRateLimiter(WizardProperties properties) {
		this(properties.keysPerHour(), Clock.systemUTC());
	}

	KeyRateLimiter(int limit, Clock clock) {
		this.limit = limit;
		this.clock = clock;
	}

	/** Takes one key creation from the user's allowance; false when the hour's allowance is used up. */
	boolean tryAcquire(String user) {
		Instant now = this.clock.instant();
		Deque<Instant> times = this.issued.computeIfAbsent(user, (u) -> new ArrayDeque<>());
		synchronized (times) {
			while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
				times.pollFirst();
			}
			if (times.size() >= this.limit) {
				return false;
			}
			times.addLast(now);
			return true;
		}
	}

	/** Gives back an allowance taken for a creation that failed. */
	void release(String user) {
		Deque<Instant> times = this.issued.get(user);
		if (times != null) {
			synchronized (times) {
				times.pollLast();
			}
		}
	}

	int limit() {
		return this.limit;
	}

}
