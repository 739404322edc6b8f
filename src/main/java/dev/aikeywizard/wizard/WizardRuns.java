package dev.aikeywizard.wizard;

import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.stereotype.Component;

/**
 * The one way to read and change a session's {@link WizardRun}. A change runs under the run's lock on the run as
 * last stored (with sessions in Redis, the copy another instance just wrote), is saved at once whether it succeeded
 * or not (what the user already did is never lost), and counts the steps it completed. A run belongs to the Yandex
 * user who started it: another user in the same session gets a new run.
 */
@Component
public class WizardRuns {

	/** Counter of wizard steps completed, tagged with the step's path only. */
	static final String STEPS_COMPLETED = "wizard.steps.completed";

	private final RunLocks locks;

	private final ObjectProvider<SessionRepository<?>> sessionStore;

	private final MeterRegistry meters;

	WizardRuns(RunLocks locks, ObjectProvider<SessionRepository<?>> sessionStore, ObjectProvider<MeterRegistry> meters) {
		this.locks = locks;
		this.sessionStore = sessionStore;
		this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
	}

	/** The run of this session, for reading; a new one when there is none or it is another user's. */
	public WizardRun current(HttpSession session, Authentication user) {
		String owner = ownerId(user);
		if (session.getAttribute(WizardRun.SESSION_ATTRIBUTE) instanceof WizardRun run && run.ownerId().equals(owner)) {
			return run;
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
			WizardRun run = latest(session, user);
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

	/**
	 * The run as last stored. With sessions in memory that is the session's own object. With Spring Session (Redis)
	 * each request works on the copy loaded when it began, so a request that waited for the lock re-reads what the
	 * request before it stored.
	 */
	private WizardRun latest(HttpSession session, Authentication user) {
		SessionRepository<?> store = this.sessionStore.getIfAvailable();
		if (store != null) {
			Session stored = store.findById(session.getId());
			if (stored != null && stored.getAttribute(WizardRun.SESSION_ATTRIBUTE) instanceof WizardRun run
					&& run.ownerId().equals(ownerId(user))) {
				// Not set on this request's copy of the session: its write at the end of the request would put back
				// an older run over the one a later request stored meanwhile.
				return run;
			}
		}
		return current(session, user);
	}

	private void save(HttpSession session, WizardRun run) {
		run.saved();
		for (Step step : run.newlyDone()) {
			this.meters.counter(STEPS_COMPLETED, "step", step.path()).increment();
		}
		SessionRepository<?> store = this.sessionStore.getIfAvailable();
		if (store != null) {
			writeThrough(store, session.getId(), run);
		}
		else {
			session.setAttribute(WizardRun.SESSION_ATTRIBUTE, run);
		}
	}

	/**
	 * Spring Session writes a request's session when the request ends, after the run's lock is released; the run is
	 * written to the store now, so the next request to take the lock reads it in {@link #latest}.
	 */
	private static <S extends Session> void writeThrough(SessionRepository<S> store, String id, WizardRun run) {
		S stored = store.findById(id);
		if (stored != null) {
			stored.setAttribute(WizardRun.SESSION_ATTRIBUTE, run);
			store.save(stored);
		}
	}

}
