package dev.aikeywizard.sandbox;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounded, expiring map behind the sandbox's credential stores. */
class SandboxExpiringMapTests {

	final SandboxTestClock clock = SandboxTestClock.CLOCK;

	final SandboxExpiringMap<String, Instant> map = new SandboxExpiringMap<>(3, this.clock, (expiresAt) -> expiresAt);

	@AfterEach
	void realTime() {
		this.clock.reset();
	}

	Instant in(Duration duration) {
		return this.clock.instant().plus(duration);
	}

	@Test
	void beyondTheBoundTheOldestIsDropped() {
		for (String key : new String[] { "a", "b", "c", "d", "e" }) {
			this.map.put(key, in(Duration.ofHours(1)));
		}
		assertThat(this.map.size()).isEqualTo(3);
		assertThat(this.map.keys()).containsExactlyInAnyOrder("c", "d", "e");
		assertThat(this.map.get("a")).isNull();
	}

	@Test
	void anExpiredEntryIsNeitherReturnedNorKept() {
		this.map.put("a", in(Duration.ofMinutes(10)));
		this.map.put("b", in(Duration.ofMinutes(10)));
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.map.get("a")).isNull();
		assertThat(this.map.remove("b")).isNull();
		this.map.put("c", in(Duration.ofMinutes(10)));
		assertThat(this.map.keys()).containsExactly("c");
	}

	@Test
	void removeReturnsALiveEntryOnce() {
		this.map.put("a", in(Duration.ofMinutes(10)));
		assertThat(this.map.remove("a")).isNotNull();
		assertThat(this.map.remove("a")).isNull();
	}

}
