package dev.aikeywizard.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import dev.aikeywizard.cloud.ApiKey;

/** What My keys warns about on a key, each with its own message {@code keys.badge.<id>}. */
public enum KeyBadge {

	EXPIRED("expired"), EXPIRES_SOON("expiresSoon"), UNUSED("unused");

	/** A key expiring within this is flagged. */
	static final Duration SOON = Duration.ofDays(14);

	/** A key not used (or made and never used) for this long is flagged. */
	static final Duration IDLE = Duration.ofDays(30);

	private final String id;

	KeyBadge(String id) {
		this.id = id;
	}

	public String id() {
		return this.id;
	}

	public String messageKey() {
		return "keys.badge." + this.id;
	}

	/** The badges of {@code key} at {@code now}. */
	static Set<KeyBadge> of(ApiKey key, Instant now) {
		Set<KeyBadge> badges = EnumSet.noneOf(KeyBadge.class);
		if (key.expiresAt() != null) {
			if (!key.expiresAt().isAfter(now)) {
				badges.add(EXPIRED);
			}
			else if (key.expiresAt().isBefore(now.plus(SOON))) {
				badges.add(EXPIRES_SOON);
			}
		}
		Instant lastSign = (key.lastUsedAt() != null) ? key.lastUsedAt() : key.createdAt();
		if (lastSign != null && lastSign.isBefore(now.minus(IDLE))) {
			badges.add(UNUSED);
		}
		return badges;
	}

}
