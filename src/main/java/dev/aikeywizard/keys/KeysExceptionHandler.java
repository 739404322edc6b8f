package dev.aikeywizard.keys;

import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.security.CloudConnectionRequiredException;
import dev.aikeywizard.security.CloudCredentialService;
import dev.aikeywizard.security.ServiceIdentityUnavailableException;
import dev.aikeywizard.wizard.PolicyException;
import dev.aikeywizard.wizard.WizardExceptionHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * My keys' refusals and upstream failures as a page with the real HTTP status and a message: nothing was changed.
 * PERMISSION_DENIED names the role that manages keys ({@code iam.serviceAccounts.admin}, or editor) and the folder.
 */
@ControllerAdvice(basePackageClasses = KeysExceptionHandler.class)
class KeysExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(KeysExceptionHandler.class);

	/** The narrowest role that lets a user manage a service account's API keys (reference §4). */
	static final String KEY_ADMIN_ROLE = "iam.serviceAccounts.admin";

	private final CloudCredentialService credentials;

	KeysExceptionHandler(CloudCredentialService credentials) {
		this.credentials = credentials;
	}

	/** A problem to show: the message key and its arguments (ids and names only), and the upstream request id. */
	record KeysProblem(String messageKey, Object[] arguments, String code, String requestId) {
	}

	@ExceptionHandler(CloudConnectionRequiredException.class)
	String connect() {
		return "redirect:/wizard/connect";
	}

	@ExceptionHandler(KeyRefusedException.class)
	String refused(KeyRefusedException ex, Model model, HttpServletResponse response) {
		return problem(ex.status(), new KeysProblem(ex.messageKey(), ex.arguments(), null, null), model, response);
	}

	/** The desk's own service account gets no IAM token (portal mode): 503, and no sign-in loop. */
	@ExceptionHandler(ServiceIdentityUnavailableException.class)
	String deskUnavailable(Model model, HttpServletResponse response) {
		return problem(503, new KeysProblem("problem.desk", new Object[0], null, null), model, response);
	}

	/** Outside the organisation's policy (portal mode): 403 naming the rule, nothing changed. */
	@ExceptionHandler(PolicyException.class)
	String outsidePolicy(PolicyException ex, Model model, HttpServletResponse response) {
		return problem(403, new KeysProblem(ex.messageKey(), new Object[] { ex.detail() }, null, null), model,
				response);
	}

	@ExceptionHandler({ MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class })
	String badRequest(Model model, HttpServletResponse response) {
		return problem(400, new KeysProblem("problem.badRequest", new Object[0], null, null), model, response);
	}

	@ExceptionHandler(CloudException.UnauthenticatedException.class)
	String reauthenticate(Authentication user, HttpServletRequest request) {
		this.credentials.refused(user);
		request.getSession().setAttribute(WizardExceptionHandler.REAUTHENTICATE_RETURN, "/keys");
		return "redirect:/wizard/reauthenticate";
	}

	@ExceptionHandler(CloudException.class)
	String upstream(CloudException ex, HttpServletRequest request, Model model, HttpServletResponse response) {
		log.warn("{} {} failed upstream: {} HTTP {} (request id {})", request.getMethod(), request.getRequestURI(),
				ex.code(), ex.httpStatus(), ex.requestId());
		int status = (ex.httpStatus() >= 400) ? ex.httpStatus() : 503;
		String folderId = request.getParameter("folderId");
		String folder = (folderId != null && folderId.matches("[a-z0-9]{1,50}")) ? folderId : "";
		KeysProblem problem;
		if (ex instanceof CloudException.PermissionDeniedException) {
			problem = new KeysProblem("keys.problem.permissionDenied", new Object[] { KEY_ADMIN_ROLE, folder },
					ex.code().name(), ex.requestId());
		}
		else if (ex instanceof CloudException.InvalidArgumentException) {
			problem = new KeysProblem("keys.problem.invalid", new Object[] { ex.serverMessage() }, ex.code().name(),
					ex.requestId());
		}
		else if (ex instanceof CloudException.UnavailableException) {
			problem = new KeysProblem("problem.unavailable", new Object[0], ex.code().name(), ex.requestId());
		}
		else {
			problem = new KeysProblem("problem.other", new Object[0], ex.code().name(), ex.requestId());
		}
		return problem(status, problem, model, response);
	}

	private static String problem(int status, KeysProblem problem, Model model, HttpServletResponse response) {
		response.setStatus(status);
		model.addAttribute("problem", problem);
		return "keys/problem";
	}

}
