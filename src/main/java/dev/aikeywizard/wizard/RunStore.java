package dev.aikeywizard.wizard;

import java.util.Optional;
import java.util.UUID;

/**
 * Where runs live apart from the HTTP session, keyed by the run's id, so that a run's latest state survives what
 * happens to the session around it: another instance renaming the session at sign-in, or a request that loaded an
 * older copy of the session. With sessions in memory the session itself is that place and this store is empty.
 */
public interface RunStore {

	Optional<WizardRun> find(UUID runId);

	void save(WizardRun run);

	/** Sessions in memory: the session's own object is the run's only copy. */
	RunStore NONE = new RunStore() {

		@Override
		public Optional<WizardRun> find(UUID runId) {
			return Optional.empty();
		}

		@Override
		public void save(WizardRun run) {
		}

	};

}
