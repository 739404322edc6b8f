package dev.aikeywizard.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What the page layout shows of the signed-in user: the Yandex login, nothing else. */
@ControllerAdvice
class LayoutModelAdvice {

	@ModelAttribute("currentLogin")
	String currentLogin(Authentication authentication) {
		if (authentication != null && authentication.getPrincipal() instanceof OAuth2User user) {
			Object login = user.getAttribute("login");
			return (login != null) ? login.toString() : user.getName();
		}
		return null;
	}

}
