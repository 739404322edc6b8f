package dev.aikeywizard.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Component;

/**
 * The rotations offered to the session's user in the last hour, by id, kept in the HTTP session (in Redis when the
 * app is scaled out, so the rotate page may be posted to any instance), at most {@link #MAX} of them. An intent is
 * found only by the user it was offered to.
 */
@Component
class RotationIntents {

	static final String ATTRIBUTE = RotationIntents.class.getName();

	static final int MAX = 20;

	static final Duration LIFETIME = Duration.ofHours(1);

	private final Clock clock;

	RotationIntents(Clock clock) {
		this.clock = clock;
	}

	RotationIntent offer(HttpSession session, String userId, String folderId, String oldKeyId,
			Instant expiresAt) {
		RotationIntent intent = new RotationIntent(UUID.randomUUID().toString(), userId, folderId, oldKeyId,
				UUID.randomUUID().toString(), expiresAt, this.clock.instant());
		LinkedHashMap<String, RotationIntent> all = all(session);
		all.put(intent.id, intent);
		while (all.size() > MAX) {
			all.remove(all.keySet().iterator().next());
		}
		session.setAttribute(ATTRIBUTE, all);
		return intent;
	}

	Optional<RotationIntent> find(HttpSession session, String userId, String id) {
		return Optional.ofNullable(all(session).get(id)).filter((intent) -> intent.userId.equals(userId));
	}

	/** Writes the intent back after it changed (its successor made), so every instance sees the change. */
	void save(HttpSession session, RotationIntent intent) {
		LinkedHashMap<String, RotationIntent> all = all(session);
		all.put(intent.id, intent);
		session.setAttribute(ATTRIBUTE, all);
	}

	@SuppressWarnings("unchecked")
	private LinkedHashMap<String, RotationIntent> all(HttpSession session) {
		LinkedHashMap<String, RotationIntent> all = (session.getAttribute(ATTRIBUTE) instanceof LinkedHashMap<?, ?> map)
				? (LinkedHashMap<String, RotationIntent>) map : new LinkedHashMap<>();
		all.values().removeIf((intent) -> intent.offeredAt.plus(LIFETIME).isBefore(this.clock.instant()));
		return all;
	}

}
