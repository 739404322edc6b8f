package dev.aikeywizard.wizard;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.Operation;
import dev.aikeywizard.cloud.OperationApi;
import dev.aikeywizard.cloud.RpcCode;

import org.springframework.stereotype.Component;

/**
 * Follows the operation a run waits for: polls it once per request, applies a finished one to the run (only while
 * its target is still the run's choice), and ends the wait when the operation failed, vanished or passed its
 * deadline, so the run is never stuck.
 */
@Component
public class OperationTracker {

	private final OperationApi operations;

	private final Upstream upstream;

	private final OperationDurations durations;

	private final Clock clock;

	OperationTracker(OperationApi operations, Upstream upstream, OperationDurations durations, Clock clock) {
		this.durations = durations;
		this.operations = operations;
		this.upstream = upstream;
		this.clock = clock;
	}

	/**
	 * Polls the pending operation once, if any, and applies it when done.
	 * @throws OperationOverdueException when it is still running past its deadline
	 * @throws OperationLostException when the cloud no longer knows it (the wait ends)
	 * @throws CloudException when it ended in error (the wait ends)
	 */
	public void poll(IamToken token, WizardRun run) {
		PendingOperation pending = run.pending();
		if (pending == null) {
			return;
		}
		Operation operation;
		Instant polledAt = this.clock.instant();
		try {
			operation = this.upstream.await(this.operations.get(token, pending.operationId()));
		}
		catch (CloudException.NotFoundException ex) {
			run.operationFailed(pending.operationId());
			throw new OperationLostException(pending);
		}
		catch (CloudException ex) {
			if (pending.overdue(this.clock.instant())) {
				// Polls that keep failing past the deadline: offer Back, as for an operation that never ends.
				throw new OperationOverdueException(pending);
			}
			throw ex;
		}
		if (!operation.done()) {
			if (pending.overdue(this.clock.instant())) {
				throw new OperationOverdueException(pending);
			}
			run.operationRunning(pending.operationId(), polledAt);
			return;
		}
		apply(run, operation);
		this.durations.finished(pending, polledAt); // what finished well: a quick failure says nothing of the time
	}

	/**
	 * Applies a finished operation to the run: its outcome, and for a creation the new service account.
	 * @throws CloudException when it ended in error (the wait ends)
	 */
	public void apply(WizardRun run, Operation operation) {
		PendingOperation pending = run.pending();
		if (pending == null || !pending.operationId().equals(operation.id())) {
			return; // finished already by another request of this run, or no longer awaited
		}
		try {
			this.operations.checkOutcome(operation);
		}
		catch (CloudException ex) {
			run.operationFailed(operation.id());
			throw ex;
		}
		String created = null;
		if (pending.task() == PendingOperation.Task.CREATE_SERVICE_ACCOUNT) {
			created = operation.metadataString("serviceAccountId").or(() -> operation.responseString("id")).orElse(null);
			if (created == null) {
				run.operationFailed(operation.id());
				throw CloudException.of(RpcCode.INTERNAL, 502,
						"operation " + operation.id() + " finished without a service account id", List.of(), null);
			}
		}
		run.operationSucceeded(operation.id(), created);
	}

	/** The operation is still running after the wizard's deadline: the page offers Retry and Back. */
	public static class OperationOverdueException extends RuntimeException {

		private final transient PendingOperation operation;

		OperationOverdueException(PendingOperation operation) {
			super("operation " + operation.operationId() + " has not finished by " + operation.deadline());
			this.operation = operation;
		}

		public PendingOperation operation() {
			return this.operation;
		}

	}

	/** The cloud no longer knows the operation: the wizard stopped waiting and the step can be done again. */
	public static class OperationLostException extends RuntimeException {

		private final transient PendingOperation operation;

		OperationLostException(PendingOperation operation) {
			super("operation " + operation.operationId() + " is not known to the cloud");
			this.operation = operation;
		}

		public PendingOperation operation() {
			return this.operation;
		}

	}

}
