package dev.aikeywizard.wizard.key;

import java.time.Duration;
import java.time.Instant;

import dev.aikeywizard.support.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link KeyAllowance} does; each implementation's test extends this. */
abstract class KeyAllowanceContract {

	final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));

	/** A fresh allowance (with nothing counted for the users these tests use). */
	abstract KeyAllowance allowance(int limit);

	@Test
	void allowsTheLimitPerSlidingHourPerUser() {
		KeyAllowance allowance = allowance(3);
		for (int i = 0; i < 3; i++) {
			assertThat(allowance.take("ivan", "key-" + i)).isTrue();
			this.clock.pass(Duration.ofMinutes(10));
		}
		assertThat(allowance.take("ivan", "key-3")).isFalse();
		assertThat(allowance.take("maria", "key-3")).isTrue();
		this.clock.pass(Duration.ofMinutes(31));
		assertThat(allowance.take("ivan", "key-3")).as("the first key is more than an hour old").isTrue();
	}

	@Test
	void aRetryOfTheSameCreationIsCountedOnce() {
		KeyAllowance allowance = allowance(2);
		assertThat(allowance.take("ivan", "key-a")).isTrue();
		assertThat(allowance.take("ivan", "key-a")).isTrue();
		assertThat(allowance.take("ivan", "key-a")).isTrue();
		assertThat(allowance.take("ivan", "key-b")).isTrue();
		assertThat(allowance.take("ivan", "key-c")).isFalse();
		assertThat(allowance.take("ivan", "key-a")).as("a retry of a counted creation still goes through").isTrue();
	}

	@Test
	void aRefusedCreationGivesItsAllowanceBack() {
		KeyAllowance allowance = allowance(1);
		assertThat(allowance.take("ivan", "key-a")).isTrue();
		allowance.giveBack("ivan", "key-a");
		assertThat(allowance.take("ivan", "key-b")).isTrue();
		assertThat(allowance.take("ivan", "key-c")).isFalse();
	}

}
