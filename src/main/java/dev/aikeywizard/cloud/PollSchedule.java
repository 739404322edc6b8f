package dev.aikeywizard.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * When to poll an operation: the first poll {@code first} after it started, each wait then {@link #GROWTH} times the
 * one before, up to {@code max}, and never past the deadline. Used by {@link OperationApi#awaitDone} and by the
 * wizard's progress page (which polls from the browser), so both follow one schedule.
 *
 * @param first the wait before the first poll
 * @param max the longest wait between two polls
 */
public record PollSchedule(Duration first, Duration max) {

	/**
	 * How much each wait grows over the one before. 1.25 rather than 1.5: an operation of about a second (what
	 * creating a service account or granting a role takes) is seen about 125 ms after it is done instead of 320 ms,
	 * for one poll more; past the cap both are the same.
	 */
	public static final double GROWTH = 1.25;

	public PollSchedule {
		if (first.isZero() || first.isNegative() || max.compareTo(first) < 0) {
			throw new IllegalArgumentException("poll schedule needs 0 < first <= max, got " + first + ", " + max);
		}
	}

	/** The wait after a wait of {@code previous} (whole milliseconds, rounded up). */
	public Duration after(Duration previous) {
		long grown = (long) Math.ceil(previous.toNanos() * GROWTH / 1_000_000.0);
		return Duration.ofMillis(Math.min(grown, this.max.toMillis()));
	}

	/** The first {@code count} waits. */
	public List<Duration> waits(int count) {
		List<Duration> waits = new ArrayList<>(count);
		Duration wait = this.first;
		for (int i = 0; i < count; i++) {
			waits.add(wait);
			wait = after(wait);
		}
		return waits;
	}

	/**
	 * How long from now to the next poll on the schedule, for an operation that started {@code elapsed} ago and
	 * whose deadline is {@code left} away: polls keep to the schedule however long each one took, and the last one
	 * is at the deadline (never zero, so a page that polls again always waits a little).
	 */
	public Duration nextDelay(Duration elapsed, Duration left) {
		return nextDelay(elapsed, left, elapsed, List.of());
	}

	/**
	 * How long from now to the next poll after the last one, sent {@code polled} after the start: the next moment of
	 * the schedule or of {@code extra} (more moments, counted from the start) later than that poll. An extra moment
	 * that passed while the last poll was on its way is due at once; a moment of the schedule that passed so is due
	 * after the first wait, so polls never follow each other back to back when the cloud answers slowly. The wait
	 * never passes the deadline and is never zero.
	 */
	public Duration nextDelay(Duration elapsed, Duration left, Duration polled, Collection<Duration> extra) {
		Duration at = this.first;
		Duration wait = this.first;
		while (at.compareTo(polled) <= 0) {
			wait = after(wait);
			at = at.plus(wait);
		}
		boolean scheduled = true;
		for (Duration moment : extra) {
			if (moment.compareTo(polled) > 0 && moment.compareTo(at) < 0) {
				at = moment;
				scheduled = false;
			}
		}
		Duration floor = Duration.ofMillis(10);
		Duration delay = at.minus(elapsed);
		if (delay.compareTo(floor) < 0 && scheduled && polled.compareTo(elapsed) < 0) {
			delay = this.first;
		}
		if (left.compareTo(delay) < 0) {
			delay = left;
		}
		return (delay.compareTo(floor) < 0) ? floor : delay;
	}

}
