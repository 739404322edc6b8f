package dev.aikeywizard.wizard;

import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.stereotype.Component;

/**
 * The one way to read and change a session's {@link WizardRun}. A change runs under the run's lock on the run as
 * last stored, is saved at once whether it succeeded or not (what the user already did is never lost), and counts
 * the steps it completed. With sessions in memory the run lives in the session; with sessions in Redis the session
 * names the run and the run itself lives in the {@link RunStore} under its own id, so no instance's copy of the
 * session (loaded before another request changed the run, or renamed by a sign-in elsewhere) ever puts back an
 * older run. A run belongs to the Yandex user who started it: another user in the same session gets a new run.
 */
@Component
public class WizardRuns {

	/** Counter of wizard steps completed, tagged with the step's path only. */
	static final String STEPS_COMPLETED = "wizard.steps.completed";

	private final RunLocks locks;

	private final RunStore store;

	private final MeterRegistry meters;

	WizardRuns(RunLocks locks, RunStore store, ObjectProvider<MeterRegistry> meters) {
		this.locks = locks;
		this.store = store;
		this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
	}

	/** The run of this session, for reading; a new one when there is none or it is another user's. */
	public WizardRun current(HttpSession session, Authentication user) {
		String owner = ownerId(user);
		if (session.getAttribute(WizardRun.SESSION_ATTRIBUTE) instanceof WizardRun run && run.ownerId().equals(owner)) {
			if (this.store == RunStore.NONE) {
				return run;
			}
			var stored = this.store.find(run.id()).filter((found) -> found.ownerId().equals(owner));
			if (stored.isPresent() || run.version() == 0) {
				return stored.orElse(run);
			}
			// The session's copy is a snapshot of a run whose stored state is gone: never resume from it (its
			// idempotency keys would replay answers of the real run); start afresh.
		}
		WizardRun run = new WizardRun(owner);
		session.setAttribute(WizardRun.SESSION_ATTRIBUTE, run);
		return run;
	}

	/**
	 * Applies {@code change} to this session's run under the run's lock, on the run as last stored, and stores it
	 * again (also when the change failed half-way, so an operation already started is not forgotten).
	 */
	public <T> T change(HttpSession session, Authentication user, Function<WizardRun, T> change) {
		String runId = current(session, user).id().toString();
		return this.locks.withLock(runId, () -> {
			WizardRun run = current(session, user);
			try {
				return change.apply(run);
			}
			finally {
				save(session, run);
			}
		});
	}

	/**
	 * The Yandex user id (the {@code id} attribute of Yandex ID's user info), which unlike the login never changes;
	 * the principal's name when there is no such attribute.
	 */
	public static String ownerId(Authentication user) {
		if (user != null && user.getPrincipal() instanceof OAuth2User principal
				&& principal.getAttribute("id") != null) {
			return String.valueOf((Object) principal.getAttribute("id"));
		}
		return (user != null) ? user.getName() : "anonymous";
	}

	private void save(HttpSession session, WizardRun run) {
		run.saved();
		for (Step step : run.newlyDone()) {
			this.meters.counter(STEPS_COMPLETED, "step", step.path()).increment();
		}
		this.store.save(run);
		if (this.store == RunStore.NONE) {
			session.setAttribute(WizardRun.SESSION_ATTRIBUTE, run);
		}
	}

}
