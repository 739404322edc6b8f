package dev.aikeywizard.wizard;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OperationDurationsTests {

	static final Instant START = Instant.parse("2026-12-02T10:00:00Z");

	private final OperationDurations durations = new OperationDurations();

	@Test
	void nothingIsExpectedOfAKindNeverSeenFinish() {
		assertThat(this.durations.expected(PendingOperation.Task.CREATE_SERVICE_ACCOUNT)).isEmpty();
	}

	@Test
	void overlappingWindowsNarrowTheEstimateTowardsWhenTheOperationsReallyFinish() {
		// Operations of about 0.95 s: the first seen running at 820 ms and done at 1140 ms (the plain schedule).
		finish(PendingOperation.Task.GRANT_ROLES, 820, 1140);
		assertThat(this.durations.expected(PendingOperation.Task.GRANT_ROLES)).containsExactly(ms(980), ms(1140));
		// The next polled halfway: done already.
		finish(PendingOperation.Task.GRANT_ROLES, 820, 980);
		assertThat(this.durations.expected(PendingOperation.Task.GRANT_ROLES)).containsExactly(ms(900), ms(980));
		// Then running halfway, done at the window's end.
		finish(PendingOperation.Task.GRANT_ROLES, 900, 980);
		assertThat(this.durations.expected(PendingOperation.Task.GRANT_ROLES)).containsExactly(ms(940), ms(980));
		assertThat(this.durations.expected(PendingOperation.Task.CREATE_SERVICE_ACCOUNT)).as("another kind")
			.isEmpty();
	}

	@Test
	void aWindowOutsideTheEstimateReplacesIt() {
		finish(PendingOperation.Task.GRANT_ROLES, 900, 1000);
		// Slower now: running at 1500, done at 2000.
		finish(PendingOperation.Task.GRANT_ROLES, 1500, 2000);
		assertThat(this.durations.expected(PendingOperation.Task.GRANT_ROLES)).containsExactly(ms(1750), ms(2000));
		// Faster again: done at the first poll.
		finish(PendingOperation.Task.GRANT_ROLES, 0, 100);
		assertThat(this.durations.expected(PendingOperation.Task.GRANT_ROLES)).containsExactly(ms(50), ms(100));
	}

	private void finish(PendingOperation.Task task, long runningMs, long doneMs) {
		PendingOperation operation = new PendingOperation(task, "op", "folder", "sa", "name", Set.of(), START,
				START.plusSeconds(300));
		if (runningMs > 0) {
			operation = operation.seenRunning(START.plusMillis(runningMs));
		}
		this.durations.finished(operation, START.plusMillis(doneMs));
	}

	private static Duration ms(long millis) {
		return Duration.ofMillis(millis);
	}

}
