package dev.aikeywizard.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.aikeywizard.cloud.ApiKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The badges My keys shows: expired, expires within 14 days, not used for 30 days (never used counts from creation). */
class KeyBadgeTests {

	static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

	static ApiKey key(Duration createdAgo, Duration expiresIn, Duration usedAgo) {
		return new ApiKey("aje1", "ajesa", "", List.of(), NOW.minus(createdAgo),
				(expiresIn != null) ? NOW.plus(expiresIn) : null, "****abcdef", (usedAgo != null) ? NOW.minus(usedAgo) : null);
	}

	@Test
	void badges() {
		assertThat(KeyBadge.of(key(Duration.ofDays(100), null, Duration.ofHours(1)), NOW)).isEmpty();
		assertThat(KeyBadge.of(key(Duration.ofDays(100), Duration.ofDays(13), Duration.ofHours(1)), NOW))
			.containsExactly(KeyBadge.EXPIRES_SOON);
		assertThat(KeyBadge.of(key(Duration.ofDays(100), Duration.ofDays(15), Duration.ofHours(1)), NOW)).isEmpty();
		assertThat(KeyBadge.of(key(Duration.ofDays(100), Duration.ofSeconds(-1), Duration.ofDays(31)), NOW))
			.containsExactlyInAnyOrder(KeyBadge.EXPIRED, KeyBadge.UNUSED);
		assertThat(KeyBadge.of(key(Duration.ofDays(31), null, null), NOW)).containsExactly(KeyBadge.UNUSED);
		assertThat(KeyBadge.of(key(Duration.ofDays(2), null, null), NOW)).isEmpty();
	}

}
