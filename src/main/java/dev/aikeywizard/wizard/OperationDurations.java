package dev.aikeywizard.wizard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * What this instance learned of how long operations of each kind take, so the progress page polls when the next one
 * is likely done rather than only on the backing-off schedule (which sees a one-second operation up to a quarter of a
 * second late). Each finished operation gives a window, counted from its start: the last poll that found it running
 * and the poll that found it done. Windows that overlap narrow the estimate; one that does not (operations got
 * faster or slower) replaces it. Two extra polls follow: one halfway through the window, one at its end (the moment
 * an earlier operation was seen done). Extra polls only add to the schedule, never remove a poll from it, so an
 * operation slower than the estimate is seen as late as before, for one or two reads more.
 */
@Component
public class OperationDurations {

	private final Map<PendingOperation.Task, Window> windows = new ConcurrentHashMap<>();

	/** The operation was found done by the poll sent at {@code polledAt}. */
	public void finished(PendingOperation operation, Instant polledAt) {
		Duration done = operation.runningFor(polledAt);
		Duration running = (operation.lastSeenRunning() != null) ? operation.runningFor(operation.lastSeenRunning())
				: Duration.ZERO;
		if (done.isNegative() || running.compareTo(done) >= 0) {
			return;
		}
		Window seen = new Window(running, done);
		this.windows.merge(operation.task(), seen, Window::narrowedBy);
	}

	/** The extra moments, counted from the start, at which to poll an operation of this kind (none before one). */
	public List<Duration> expected(PendingOperation.Task task) {
		Window window = this.windows.get(task);
		if (window == null) {
			return List.of();
		}
		return List.of(window.stillRunning().plus(window.done()).dividedBy(2), window.done());
	}

	/**
	 * Operations of one kind were still running at {@code stillRunning} and done by {@code done}, both counted from
	 * their start.
	 */
	record Window(Duration stillRunning, Duration done) {

		Window narrowedBy(Window seen) {
			boolean overlap = seen.stillRunning.compareTo(this.done) < 0 && seen.done.compareTo(this.stillRunning) > 0;
			if (!overlap) {
				return seen;
			}
			Duration from = (seen.stillRunning.compareTo(this.stillRunning) > 0) ? seen.stillRunning : this.stillRunning;
			Duration to = (seen.done.compareTo(this.done) < 0) ? seen.done : this.done;
			return new Window(from, to);
		}

	}

}
