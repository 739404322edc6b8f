package dev.aikeywizard.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Component;

/**
 * The rotations offered to the session's user in the last hour, by id, each kept as an attribute of the HTTP
 * session (in Redis when the app is scaled out, so the rotate page may be posted to any instance), at most
 * {@link #MAX}. An intent is found only by the user it was offered to.
 */
@Component
class RotationIntents {

	/** Each intent is its own session attribute, so two tabs never overwrite each other's. */
	static final String PREFIX = RotationIntents.class.getName() + ".";

	static final int MAX = 20;

	static final Duration LIFETIME = Duration.ofHours(1);

	private final Clock clock;

	RotationIntents(Clock clock) {
		this.clock = clock;
	}

	RotationIntent offer(HttpSession session, String userId, String folderId, String oldKeyId, Instant expiresAt) {
		RotationIntent intent = new RotationIntent(UUID.randomUUID().toString(), userId, folderId, oldKeyId,
				UUID.randomUUID().toString(), expiresAt, this.clock.instant());
		List<RotationIntent> kept = new ArrayList<>();
		for (String name : Collections.list(session.getAttributeNames())) {
			if (name.startsWith(PREFIX) && session.getAttribute(name) instanceof RotationIntent other) {
				if (expired(other)) {
					session.removeAttribute(name);
				}
				else {
					kept.add(other);
				}
			}
		}
		kept.sort(Comparator.comparing((RotationIntent other) -> other.offeredAt));
		for (int i = 0; i <= kept.size() - MAX; i++) {
			session.removeAttribute(PREFIX + kept.get(i).id);
		}
		session.setAttribute(PREFIX + intent.id, intent);
		return intent;
	}

	Optional<RotationIntent> find(HttpSession session, String userId, String id) {
		return (session.getAttribute(PREFIX + id) instanceof RotationIntent intent && intent.userId.equals(userId)
				&& !expired(intent)) ? Optional.of(intent) : Optional.empty();
	}

	/** Writes the intent back after it changed (its successor made), so every instance sees the change. */
	void save(HttpSession session, RotationIntent intent) {
		session.setAttribute(PREFIX + intent.id, intent);
	}

	private boolean expired(RotationIntent intent) {
		return intent.offeredAt.plus(LIFETIME).isBefore(this.clock.instant());
	}

}
