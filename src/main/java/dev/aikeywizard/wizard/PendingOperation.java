package dev.aikeywizard.wizard;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.aikeywizard.cloud.PollSchedule;

/**
 * An upstream operation the run waits for, with the target it applies to (the folder, and for a role grant the
 * service account) and the moment the wizard stops waiting. A finished operation is applied only while the run's
 * choices still match its target.
 *
 * @param task what the operation does
 * @param operationId the cloud's operation id
 * @param folderId the folder the operation works in
 * @param serviceAccountId the service account whose roles are granted ({@code null} for a creation)
 * @param serviceAccountName the name of the account being created ({@code null} for a grant)
 * @param roles the roles the service account holds once a grant is done
 * @param startedAt when the wizard started it
 * @param deadline when the wizard stops waiting and offers Retry and Back
 * @param lastSeenRunning when the last poll that found it still running was sent ({@code null} before one)
 */
public record PendingOperation(Task task, String operationId, String folderId, String serviceAccountId,
		String serviceAccountName, Set<FoundationRole> roles, Instant startedAt, Instant deadline,
		Instant lastSeenRunning) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	public PendingOperation {
		roles = roles.isEmpty() ? EnumSet.noneOf(FoundationRole.class) : EnumSet.copyOf(roles);
	}

	/** An operation just started, not polled yet. */
	public PendingOperation(Task task, String operationId, String folderId, String serviceAccountId,
			String serviceAccountName, Set<FoundationRole> roles, Instant startedAt, Instant deadline) {
		this(task, operationId, folderId, serviceAccountId, serviceAccountName, roles, startedAt, deadline, null);
	}

	public enum Task {

		CREATE_SERVICE_ACCOUNT, GRANT_ROLES

	}

	public boolean overdue(Instant now) {
		return now.isAfter(this.deadline);
	}

	/** The same operation, found still running by a poll sent at {@code polledAt}. */
	public PendingOperation seenRunning(Instant polledAt) {
		return new PendingOperation(this.task, this.operationId, this.folderId, this.serviceAccountId,
				this.serviceAccountName, this.roles, this.startedAt, this.deadline, polledAt);
	}

	/**
	 * How long the progress page waits before it polls again: the next poll of {@code schedule}, or of
	 * {@code expected} (moments, counted from the start, when operations of this kind were seen to finish), after
	 * the last poll that found it running (before any, from now). Counted from the operation's start, so a slow poll does not push the next
	 * one back, and never past the deadline.
	 */
	public Duration nextPoll(PollSchedule schedule, List<Duration> expected, Instant now) {
		Duration elapsed = Duration.between(this.startedAt, now);
		Duration left = Duration.between(now, this.deadline);
		elapsed = elapsed.isNegative() ? Duration.ZERO : elapsed;
		Duration polled = (this.lastSeenRunning != null) ? runningFor(this.lastSeenRunning) : elapsed;
		return schedule.nextDelay(elapsed, left.isNegative() ? Duration.ZERO : left, polled, expected);
	}

	/** How long it had been running at {@code at}. */
	public Duration runningFor(Instant at) {
		return Duration.between(this.startedAt, at);
	}

}
