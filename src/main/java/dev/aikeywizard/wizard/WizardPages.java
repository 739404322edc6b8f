package dev.aikeywizard.wizard;

import java.util.Arrays;
import java.util.List;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxResponseHeader;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Renders a step: the whole page for a normal request, the step fragment (with {@code HX-Push-Url}, so Back and
 * Refresh land on a real page) for an htmx request; the stepper shows where the run stands.
 */
@Component
public class WizardPages {

	/** The view for {@code step}, with the stepper and the run in the model. */
	public String render(Step step, String template, WizardRun run, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		model.addAttribute("step", step);
		model.addAttribute("stepper", stepper(run, step));
		model.addAttribute("wizard", run);
		response.setHeader("Cache-Control", "no-store");
		if (wantsFragment(HtmxRequest.fromRequest(request))) {
			response.setHeader(HtmxResponseHeader.HX_PUSH_URL.getValue(), pushUrl(step, template));
			return template + " :: step";
		}
		return template;
	}

	public String render(Step step, WizardRun run, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		return render(step, step.view(), run, model, request, response);
	}

	/**
	 * True for a request htmx made (boosted or not): answer with a fragment. A history restore (Back to a page htmx
	 * no longer has cached) needs the whole page.
	 */
	public static boolean wantsFragment(HtmxRequest htmx) {
		return htmx.isHtmxRequest() && !htmx.isHistoryRestoreRequest();
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

	public static String redirect(Step step) {
		return "redirect:" + step.url();
	}

	/** Where a step that is not open yet sends the user: the first open step, or the operation in flight. */
	public static String redirectToCurrent(WizardRun run) {
		return (run.pending() != null || run.expressRunning()) ? "redirect:/wizard/progress"
				: redirect(run.firstIncompleteStep());
	}

	public static String login(OAuth2User user) {
		Object login = (user != null) ? user.getAttribute("login") : null;
		return (login != null) ? login.toString() : (user != null ? user.getName() : "");
	}

	List<StepView> stepper(WizardRun run, Step current) {
		boolean running = run.pending() != null || run.expressRunning();
		return Arrays.stream(Step.values()).map((step) -> {
			String status;
			if (running && step == run.firstIncompleteStep()) {
				status = "running";
			}
			else if (step == current) {
				status = "current";
			}
			else if (run.isDone(step)) {
				status = "done";
			}
			else {
				status = "todo";
			}
			return new StepView(step.number(), step.titleKey(), step.url(), status, run.isReachable(step),
					step == current);
		}).toList();
	}

	public record StepView(int number, String titleKey, String url, String status, boolean reachable,
			boolean current) {
	}

}
