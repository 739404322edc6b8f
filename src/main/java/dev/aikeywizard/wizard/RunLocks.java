package dev.aikeywizard.wizard;

import java.util.function.Supplier;

/**
 * Serialises the changes of one wizard run, and only of that run: a slow request of one user never makes another
 * user wait. A request that cannot get the lock within a short bound is answered "still busy" instead of
 * queueing without end ({@link RunBusyException}).
 */
public interface RunLocks {

	<T> T withLock(String runId, Supplier<T> work);

	/** Another request of the same run held the lock for longer than the wait bound. */
	class RunBusyException extends RuntimeException {

		public RunBusyException(String runId) {
			super("wizard run " + runId + " is busy with another request");
		}

	}

}
