package dev.aikeywizard.web;

import org.springframework.core.env.Environment;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the page layout shows besides the page: the signed-in user's Yandex login (nothing else of them), and the
 * "Sandbox" badge while users sign in at a sandbox ({@code app.sandbox.badge}, which the sandbox's start-up check
 * sets when it is not configured: on with the sandbox, or with the sandbox's client id).
 */
@ControllerAdvice
class LayoutModelAdvice {

	private final boolean sandboxBadge;

	LayoutModelAdvice(Environment environment) {
		this.sandboxBadge = environment.getProperty("app.sandbox.badge", Boolean.class, false);
	}

	@ModelAttribute("currentLogin")
	String currentLogin(Authentication authentication) {
		if (authentication != null && authentication.getPrincipal() instanceof OAuth2User user) {
			Object login = user.getAttribute("login");
			return (login != null) ? login.toString() : user.getName();
		}
		return null;
	}

	@ModelAttribute("sandboxBadge")
	boolean sandboxBadge() {
		return this.sandboxBadge;
	}

}
