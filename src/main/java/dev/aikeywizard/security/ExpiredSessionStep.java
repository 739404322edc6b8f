package dev.aikeywizard.security;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.DefaultRedirectStrategy;

/**
 * Where a wizard POST goes when it arrives after the session expired: the page of the step the form belongs to.
 * Only the request's path decides, never its parameters or query (nothing the user sent is echoed), and the answer
 * is always one of the wizard's own pages.
 */
final class ExpiredSessionStep {

	static final String WIZARD = "/wizard";

	/** Steps whose form posts to their own page. */
	private static final Set<String> OWN_PAGE = Set.of("/wizard/billing", "/wizard/cloud", "/wizard/service-account",
			"/wizard/roles", "/wizard/scope", "/wizard/progress", "/wizard/connect");

	/** Actions whose form is on another step's page. */
	private static final Map<String, String> FORM_PAGE = Map.of("/wizard/express", "/wizard/cloud", "/wizard/key",
			"/wizard/scope", "/wizard/verify", "/wizard/key", "/wizard/another", "/wizard/key",
			"/wizard/service-account/existing", "/wizard/service-account");

	private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

	private static final DefaultRedirectStrategy SEE_OTHER = new DefaultRedirectStrategy();

	static {
		SEE_OTHER.setStatusCode(HttpStatus.SEE_OTHER);
	}

	private ExpiredSessionStep() {
	}

	/** The step page (without the context path) of a POST to {@code path}. */
	static String pageOf(String path) {
		String normalized = (path.length() > 1 && path.endsWith("/")) ? path.substring(0, path.length() - 1) : path;
		if (OWN_PAGE.contains(normalized)) {
			return normalized;
		}
		return FORM_PAGE.getOrDefault(normalized, WIZARD);
	}

	static String pageOf(HttpServletRequest request) {
		return pageOf(request.getRequestURI().substring(request.getContextPath().length()));
	}

	/** True while a signed-in (not anonymous, not remembered-only) user is in the security context. */
	static boolean signedIn() {
		return TRUST.isAuthenticated(SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication());
	}

	/** A normal form POST: 303 See Other to the step's page, which a browser GETs (and Spring Security signs in). */
	static void redirect(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		SEE_OTHER.sendRedirect(request, response, pageOf(request));
	}

	/**
	 * An htmx request: {@code HX-Redirect} makes htmx load the step's page as a whole (a 3xx would be followed by
	 * the XMLHttpRequest itself, to the sign-in page, and swapped into the step). 403 with no body: nothing was done.
	 */
	static void reloadWithHtmx(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied) {
		response.setHeader("HX-Redirect", request.getContextPath() + pageOf(request));
		response.setHeader("Cache-Control", "no-store");
		response.setStatus(HttpStatus.FORBIDDEN.value());
	}

}
