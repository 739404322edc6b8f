package dev.aikeywizard.wizard;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
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
 */
public record PendingOperation(Task task, String operationId, String folderId, String serviceAccountId,
		String serviceAccountName, Set<FoundationRole> roles, Instant startedAt, Instant deadline)
		implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	public PendingOperation {
		roles = roles.isEmpty() ? EnumSet.noneOf(FoundationRole.class) : EnumSet.copyOf(roles);
	}

	public enum Task {

		CREATE_SERVICE_ACCOUNT, GRANT_ROLES

	}

	public boolean overdue(Instant now) {
		return now.isAfter(this.deadline);
	}

	/**
	 * How long the progress page waits before it polls again: the next poll of {@code schedule} counted from the
	 * operation's start (so a slow poll does not push the next one back), and not past the deadline.
	 */
	public Duration nextPoll(PollSchedule schedule, Instant now) {
		Duration elapsed = Duration.between(this.startedAt, now);
		Duration left = Duration.between(now, this.deadline);
		return schedule.nextDelay(elapsed.isNegative() ? Duration.ZERO : elapsed,
				left.isNegative() ? Duration.ZERO : left);
	}

}
