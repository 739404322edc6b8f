package dev.aikeywizard.wizard.key;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyRateLimiterTests {

	private Instant now = Instant.parse("2026-11-29T10:00:00Z");

	private final Clock clock = new Clock() {
		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return KeyRateLimiterTests.this.now;
		}
	};

	@Test
	void allowsTheLimitPerSlidingHourPerUser() {
		KeyRateLimiter limiter = new KeyRateLimiter(3, this.clock);
		for (int i = 0; i < 3; i++) {
			assertThat(limiter.tryAcquire("ivan")).isTrue();
			this.now = this.now.plus(Duration.ofMinutes(10));
		}
		assertThat(limiter.tryAcquire("ivan")).isFalse();
		assertThat(limiter.tryAcquire("maria")).isTrue();
		this.now = this.now.plus(Duration.ofMinutes(31));
		assertThat(limiter.tryAcquire("ivan")).isTrue();
	}

	@Test
	void aFailedCreationGivesItsAllowanceBack() {
		KeyRateLimiter limiter = new KeyRateLimiter(1, this.clock);
		assertThat(limiter.tryAcquire("ivan")).isTrue();
		limiter.release("ivan");
		assertThat(limiter.tryAcquire("ivan")).isTrue();
		assertThat(limiter.tryAcquire("ivan")).isFalse();
	}

}
