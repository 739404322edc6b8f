package dev.aikeywizard.wizard;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.security.CloudConnectionRequiredException;
import dev.aikeywizard.security.CloudCredentialService;
import dev.aikeywizard.security.ServiceIdentityUnavailableException;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns failures into guidance on the step the user is on: PERMISSION_DENIED names the role needed and where,
 * UNAVAILABLE after retries offers Retry (which repeats the same request, safe thanks to idempotency keys), an
 * unusable cloud credential leads to "Connect your cloud". The wizard state is untouched, so nothing is lost.
 */
@ControllerAdvice(basePackageClasses = WizardExceptionHandler.class)
public class WizardExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(WizardExceptionHandler.class);

	/** Request parameters that must never be echoed into a page. */
	private static final Set<String> NEVER_ECHO = Set.of("_csrf", "token", "secret");

	public static final String REAUTHENTICATE_RETURN = "wizard.reauthenticateReturn";

	private final WizardPages pages;

	private final WizardRuns runs;

	private final CloudCredentialService credentials;

	WizardExceptionHandler(WizardPages pages, WizardRuns runs, CloudCredentialService credentials) {
		this.pages = pages;
		this.runs = runs;
		this.credentials = credentials;
	}

	@ExceptionHandler(CloudConnectionRequiredException.class)
	String connect() {
		return "redirect:/wizard/connect";
	}

	/**
	 * The cloud no longer accepts the user's IAM token: forget it and go through sign-in again, back to the same
	 * step (the wizard state stays in the session).
	 */
	@ExceptionHandler(CloudException.UnauthenticatedException.class)
	String reauthenticate(CloudException.UnauthenticatedException ex, Authentication user, HttpServletRequest request,
			HttpServletResponse response) {
		log.info("IAM token refused ({}, request id {}): signing in again", ex.code(), ex.requestId());
		this.credentials.refused(user);
		String back = "GET".equals(request.getMethod()) ? request.getRequestURI() : stepOf(request.getRequestURI(),
				this.runs.current(request.getSession(), user)).url();
		request.getSession().setAttribute(REAUTHENTICATE_RETURN, back);
		// htmx: HX-Redirect, so the sign-in round trip is a full page load, never a swap.
		return WizardPages.wantsFragment(HtmxRequest.fromRequest(request)) ? "redirect:htmx:/wizard/reauthenticate"
				: "redirect:/wizard/reauthenticate";
	}

	@ExceptionHandler(CloudException.class)
	String upstream(CloudException ex, Authentication user, HttpSession session, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		Action action = Action.of(request);
		WizardRun state = this.runs.current(session, user);
		log.warn("{} failed upstream: {} HTTP {} (request id {})", action, ex.code(), ex.httpStatus(), ex.requestId());
		String messageKey = messageKey(ex);
		if (ex instanceof CloudException.PermissionDeniedException) {
			// Two refusals with more to say than "grant the role": an access policy can forbid API keys whatever
			// the user's roles (reference §13), and a key Lockbox refused was deleted again.
			if (action == Action.CREATE_KEY) {
				messageKey = "problem.apiKeyDenied";
			}
			else if (action == Action.STORE_IN_LOCKBOX) {
				messageKey = "problem.lockboxDenied";
			}
		}
		String resource = switch (action.resourceKey()) {
			case "resource.folder" -> (state.folderName() != null) ? state.folderName() + " (" + state.folderId() + ")"
					: String.valueOf(state.folderId());
			case "resource.cloud" -> String.valueOf(state.cloudId());
			default -> "";
		};
		int status = (ex.httpStatus() >= 400) ? ex.httpStatus() : 503;
		if (state.pending() != null) {
			model.addAttribute("stopWaiting", true); // never stuck behind an operation that cannot be polled
		}
		model.addAttribute("problem", new Problem(messageKey, action.neededRole(), action.resourceKey(), resource,
				ex.code().name(), ex.requestId(), (ex instanceof CloudException.OperationTimeoutException t)
						? t.operationId() : null));
		return problem(status, state, model, request, response);
	}

	@ExceptionHandler(TooManyKeysException.class)
	String keyLimit(TooManyKeysException ex, Authentication user, HttpSession session, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		model.addAttribute("problem", new Problem("problem.keyLimit", String.valueOf(ex.limit()), null, null,
				"RESOURCE_EXHAUSTED", null, null));
		return problem(429, this.runs.current(session, user), model, request, response);
	}

	@ExceptionHandler(InvalidChoiceException.class)
	String invalidChoice(InvalidChoiceException ex, Authentication user, HttpSession session, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		model.addAttribute("problem", new Problem(ex.messageKey(), null, null, null, null, null, null));
		model.addAttribute("noRetry", true);
		return problem(400, this.runs.current(session, user), model, request, response);
	}

	/** The desk's own service account gets no IAM token (portal mode): 503, and no sign-in loop. */
	@ExceptionHandler(ServiceIdentityUnavailableException.class)
	String deskUnavailable(Authentication user, HttpSession session, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		model.addAttribute("problem", new Problem("problem.desk", null, null, null, null, null, null));
		return problem(503, this.runs.current(session, user), model, request, response);
	}

	/** Outside the organisation's policy (portal mode): refused, nothing changed, the rule named. */
	@ExceptionHandler(PolicyException.class)
	String outsidePolicy(PolicyException ex, Authentication user, HttpSession session, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		log.info("refused by policy: {}", ex.getMessage());
		model.addAttribute("problem", new Problem(ex.messageKey(), ex.detail(), null, null, null, null, null));
		model.addAttribute("noRetry", true);
		return problem(403, this.runs.current(session, user), model, request, response);
	}

	/** A stale form or a step out of order: nothing changed, the page leads back to where the run stands. */
	@ExceptionHandler(WizardRun.IllegalTransitionException.class)
	String illegalTransition(WizardRun.IllegalTransitionException ex, Authentication user, HttpSession session,
			Model model, HttpServletRequest request, HttpServletResponse response) {
		log.info("refused: {}", ex.getMessage());
		model.addAttribute("problem", new Problem("problem.illegalTransition", null, null, null, null, null, null));
		model.addAttribute("noRetry", true);
		WizardRun run = this.runs.current(session, user);
		return problem(409, run, run.firstIncompleteStep(), model, request, response);
	}

	/** Another request of the same run (a double click, a second tab) is still at work: try again in a moment. */
	@ExceptionHandler(RunLocks.RunBusyException.class)
	String busy(Authentication user, HttpSession session, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		model.addAttribute("problem", new Problem("problem.busy", null, null, null, null, null, null));
		return problem(409, this.runs.current(session, user), model, request, response);
	}

	/** An operation still running at its deadline: Retry polls again, Back stops waiting. */
	@ExceptionHandler(OperationTracker.OperationOverdueException.class)
	String overdue(OperationTracker.OperationOverdueException ex, Authentication user, HttpSession session,
			Model model, HttpServletRequest request, HttpServletResponse response) {
		model.addAttribute("problem", new Problem("problem.operationTimeout", null, null, null, "DEADLINE_EXCEEDED",
				null, ex.operation().operationId()));
		model.addAttribute("stopWaiting", true);
		WizardRun run = this.runs.current(session, user);
		return problem(504, run, run.firstIncompleteStep(), model, request, response);
	}

	/** The cloud no longer knows the operation: the wait has ended, the step can be done again. */
	@ExceptionHandler(OperationTracker.OperationLostException.class)
	String lost(OperationTracker.OperationLostException ex, Authentication user, HttpSession session, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		model.addAttribute("problem", new Problem("problem.operationLost", null, null, null, "NOT_FOUND", null,
				ex.operation().operationId()));
		model.addAttribute("noRetry", true);
		WizardRun run = this.runs.current(session, user);
		return problem(404, run, run.firstIncompleteStep(), model, request, response);
	}

	@ExceptionHandler({ MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class })
	String badRequest(Exception ex, Authentication user, HttpSession session, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		model.addAttribute("problem", new Problem("problem.badRequest", null, null, null, null, null, null));
		model.addAttribute("noRetry", true);
		return problem(400, this.runs.current(session, user), model, request, response);
	}

	private static String messageKey(CloudException ex) {
		if (ex instanceof CloudException.PermissionDeniedException) {
			return "problem.permissionDenied";
		}
		if (ex instanceof CloudException.OperationTimeoutException) {
			return "problem.operationTimeout";
		}
		if (ex instanceof CloudException.UnavailableException
				|| ex instanceof CloudException.ResourceExhaustedException) {
			return "problem.unavailable";
		}
		if (ex instanceof CloudException.UnauthenticatedException) {
			return "problem.unauthenticated";
		}
		if (ex instanceof CloudException.AlreadyExistsException) {
			return "problem.alreadyExists";
		}
		if (ex instanceof CloudException.NotFoundException) {
			return "problem.notFound";
		}
		return "problem.other";
	}

	private String problem(int status, WizardRun run, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		Step step = (run.pending() != null) ? run.firstIncompleteStep() : stepOf(request.getRequestURI(), run);
		return problem(status, run, step, model, request, response);
	}

	private String problem(int status, WizardRun run, Step step, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		response.setStatus(status);
		// Every value of every parameter (checkboxes repeat a name), so Retry repeats exactly the same request.
		List<Map.Entry<String, String>> params = new java.util.ArrayList<>();
		request.getParameterMap().forEach((name, values) -> {
			if (!NEVER_ECHO.contains(name)) {
				for (String value : values) {
					params.add(Map.entry(name, value));
				}
			}
		});
		model.addAttribute("retryMethod", request.getMethod());
		model.addAttribute("retryUrl", request.getRequestURI());
		model.addAttribute("retryParams", "GET".equals(request.getMethod()) ? List.of() : params);
		return this.pages.render(step, "wizard/problem", run, model, request, response);
	}

	private static Step stepOf(String uri, WizardRun state) {
		for (Step step : Step.values()) {
			if (uri.startsWith(step.url())) {
				return step;
			}
		}
		return state.firstIncompleteStep();
	}

	/** What went wrong, for the banner; never holds a token or secret. */
	record Problem(String messageKey, String neededRole, String resourceKey, String resource, String code,
			String requestId, String operationId) {
	}

}
