package dev.aikeywizard.keys;

import java.time.Instant;
import java.util.Set;

import dev.aikeywizard.cloud.ApiKey;

/** One key as My keys shows it: the key (never its secret) and what to warn about. */
public record KeyRow(ApiKey key, Set<KeyBadge> badges) {

	public KeyRow {
		badges = Set.copyOf(badges);
	}

	static KeyRow of(ApiKey key, Instant now) {
		return new KeyRow(key, KeyBadge.of(key, now));
	}

}
