package dev.aikeywizard.portal;

import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** The "not allowed" page for people the desk does not serve: 403, whom to ask, and no cloud call made. */
@ControllerAdvice
@ConditionalOnBooleanProperty("app.portal.enabled")
@Order(Ordered.HIGHEST_PRECEDENCE)
class PortalPages {

	private static final Logger log = LoggerFactory.getLogger(PortalPages.class);

	private final PortalProperties properties;

	PortalPages(PortalProperties properties) {
		this.properties = properties;
	}

	@ExceptionHandler(StaffGate.NotStaffException.class)
	String notAllowed(StaffGate.NotStaffException ex, Model model, HttpServletResponse response) {
		log.info("refused: {}", ex.getMessage());
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		response.setHeader("Cache-Control", "no-store");
		model.addAttribute("login", ex.member().login().isEmpty() ? ex.member().userId() : ex.member().login());
		model.addAttribute("contact", this.properties.contact());
		return "portal/not-allowed";
	}

}
