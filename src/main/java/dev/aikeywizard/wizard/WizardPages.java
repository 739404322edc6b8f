package dev.aikeywizard.wizard;

import java.util.Arrays;
import java.util.List;

import dev.aikeywizard.web.Htmx;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Loads and saves the {@link WizardState} and renders a step: the whole page for a normal request, the step
 * fragment (with {@code HX-Push-Url}, so Back and Refresh land on a real page) for an htmx request.
 */
@Component
class WizardPages {

	/** Counter of wizard steps completed, tagged with the step's path only. */
	static final String STEPS_COMPLETED = "wizard.steps.completed";

	private final MeterRegistry meters;

	private final ObjectProvider<SessionRepository<?>> sessionStore;

	WizardPages(ObjectProvider<MeterRegistry> meters, ObjectProvider<SessionRepository<?>> sessionStore) {
		this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
		this.sessionStore = sessionStore;
	}

	/** Loads the wizard state of this session, creating it on first use. */
	WizardState state(HttpSession session) {
		WizardState state = (WizardState) session.getAttribute(WizardState.SESSION_ATTRIBUTE);
		if (state == null) {
			state = new WizardState();
			session.setAttribute(WizardState.SESSION_ATTRIBUTE, state);
		}
		return state;
	}

	/**
	 * The state as last stored, for use under the session's lock. With sessions in memory that is the session's own
	 * object. With Spring Session (Redis) each request works on the copy loaded when it began, so a request that
	 * waited for the lock re-reads what the request before it stored (see {@link #save}).
	 */
	WizardState fresh(HttpSession session) {
		SessionRepository<?> store = this.sessionStore.getIfAvailable();
		if (store != null) {
			Session stored = store.findById(session.getId());
			Object latest = (stored != null) ? stored.getAttribute(WizardState.SESSION_ATTRIBUTE) : null;
			if (latest instanceof WizardState state) {
				session.setAttribute(WizardState.SESSION_ATTRIBUTE, state);
				return state;
			}
		}
		return state(session);
	}

	/**
	 * Stores the state again, so a session store that serialises (Redis) sees every change, at once, and counts the
	 * steps this request completed.
	 */
	void save(HttpSession session, WizardState state) {
		for (Step step : state.newlyDone()) {
			this.meters.counter(STEPS_COMPLETED, "step", step.path()).increment();
		}
		session.setAttribute(WizardState.SESSION_ATTRIBUTE, state);
		SessionRepository<?> store = this.sessionStore.getIfAvailable();
		if (store != null) {
			writeThrough(store, session.getId(), state);
		}
	}

	/**
	 * Spring Session writes a request's session when the request ends, after the session's lock is released; the
	 * state is written to the store now, so the next request to take the lock reads it in {@link #fresh}.
	 */
	private static <S extends Session> void writeThrough(SessionRepository<S> store, String id, WizardState state) {
		S stored = store.findById(id);
		if (stored != null) {
			stored.setAttribute(WizardState.SESSION_ATTRIBUTE, state);
			store.save(stored);
		}
	}

	/** The view for {@code step}, with the stepper and the user in the model. */
	String render(Step step, String template, WizardState state, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		model.addAttribute("step", step);
		model.addAttribute("stepper", stepper(state, step));
		model.addAttribute("wizard", state);
		response.setHeader("Cache-Control", "no-store");
		if (Htmx.isHtmx(request)) {
			response.setHeader(Htmx.PUSH_URL, pushUrl(step, template));
			return template + " :: step";
		}
		return template;
	}

	String render(Step step, WizardState state, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		return render(step, step.view(), state, model, request, response);
	}

	/** The URL the browser shows after a swap: a page that a refresh renders again, or none for a problem. */
	private static String pushUrl(Step step, String template) {
		if (template.equals(step.view())) {
			return step.url();
		}
		return switch (template) {
			case "wizard/progress" -> "/wizard/progress";
			case "wizard/connect" -> "/wizard/connect";
			default -> "false";
		};
	}

	static String redirect(Step step) {
		return "redirect:" + step.url();
	}

	static String login(OAuth2User user) {
		Object login = (user != null) ? user.getAttribute("login") : null;
		return (login != null) ? login.toString() : (user != null ? user.getName() : "");
	}

	List<StepView> stepper(WizardState state, Step current) {
		boolean running = state.pending() != null;
		return Arrays.stream(Step.values()).map((step) -> {
			String status;
			if (running && step == state.firstIncompleteStep()) {
				status = "running";
			}
			else if (step == current) {
				status = "current";
			}
			else if (state.isDone(step)) {
				status = "done";
			}
			else {
				status = "todo";
			}
			return new StepView(step.number(), step.titleKey(), step.url(), status, state.isReachable(step),
					step == current);
		}).toList();
	}

	record StepView(int number, String titleKey, String url, String status, boolean reachable, boolean current) {
	}

}
