package dev.aikeywizard.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

/**
 * The rotations offered in the last hour, by id, in this instance's memory (bounded). An intent is found only by
 * the user it was offered to.
 */
@Component
class RotationIntents {

	private final Cache<String, RotationIntent> intents = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofHours(1))
		.maximumSize(10_000)
		.build();

	RotationIntent offer(String userId, String folderId, String oldKeyId, Instant expiresAt) {
		String id = UUID.randomUUID().toString();
		RotationIntent intent = new RotationIntent(id, userId, folderId, oldKeyId, UUID.randomUUID().toString(),
				expiresAt);
		this.intents.put(id, intent);
		return intent;
	}

	Optional<RotationIntent> find(String userId, String id) {
		return Optional.ofNullable(this.intents.getIfPresent(id)).filter((intent) -> intent.userId.equals(userId));
	}

}
