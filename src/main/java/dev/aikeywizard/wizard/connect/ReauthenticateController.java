package dev.aikeywizard.wizard.connect;

import dev.aikeywizard.wizard.WizardExceptionHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Signs the user in again without losing the wizard: straight to Yandex ID, and back to the step they were on. Nobody
 * is signed out here: a GET anyone can link to must not end a session (the new sign-in replaces the authentication
 * when it succeeds; a different user gets a run of their own).
 */
@Controller
class ReauthenticateController {

	private final RequestCache signInReturn;

	ReauthenticateController(RequestCache signInReturn) {
		this.signInReturn = signInReturn;
	}

	@GetMapping("/wizard/reauthenticate")
	String reauthenticate(HttpSession session, HttpServletRequest request, HttpServletResponse response) {
		Object back = session.getAttribute(WizardExceptionHandler.REAUTHENTICATE_RETURN);
		session.removeAttribute(WizardExceptionHandler.REAUTHENTICATE_RETURN);
		String target = (back instanceof String url && url.startsWith("/wizard")) ? url : "/wizard";
		// Remember where to come back to, the way the login entry point does for any protected page.
		this.signInReturn.saveRequest(new ReturnTo(request, target), response);
		return "redirect:/oauth2/authorization/yandex";
	}

	/** The request to return to after sign-in: the step's page. */
	private static final class ReturnTo extends jakarta.servlet.http.HttpServletRequestWrapper {

		private final String path;

		ReturnTo(HttpServletRequest request, String path) {
			super(request);
			this.path = path;
		}

		@Override
		public String getRequestURI() {
			return this.path;
		}

		@Override
		public StringBuffer getRequestURL() {
			StringBuffer url = new StringBuffer();
			url.append(getScheme()).append("://").append(getServerName());
			int port = getServerPort();
			if (port != 80 && port != 443) {
				url.append(':').append(port);
			}
			return url.append(this.path);
		}

		@Override
		public String getServletPath() {
			return this.path;
		}

		@Override
		public String getQueryString() {
			return null;
		}

		@Override
		public String getMethod() {
			return "GET";
		}

	}

}
