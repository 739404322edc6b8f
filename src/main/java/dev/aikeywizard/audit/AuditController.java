package dev.aikeywizard.audit;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

import dev.aikeywizard.portal.PortalAdmins;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.data.domain.Page;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * {@code /admin/audit}: the key audit for the logins of {@code app.portal.admins}, a page of rows at a time with
 * filters by user and date, and {@code /admin/audit.csv} with the same filters. Anyone else gets 403 and a page that
 * says whom to ask; a bad filter gets 400 and its message.
 */
@Controller
@RequestMapping("/admin")
class AuditController {

	private final KeyAuditLog audit;

	private final PortalAdmins admins;

	private final Clock clock;

	AuditController(KeyAuditLog audit, PortalAdmins admins, Clock clock) {
		this.audit = audit;
		this.admins = admins;
		this.clock = clock;
	}

	@GetMapping("/audit")
	String audit(Authentication user, @ModelAttribute("query") AuditQuery query, Model model,
			HttpServletResponse response) {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		if (!isAdmin(user)) {
			return notAdmin(model, response);
		}
		AuditQuery.Reading reading = query.read();
		if (!reading.valid()) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("problems", reading.problems());
			return "admin/audit";
		}
		Page<KeyAuditEntry> page = this.audit.page(reading.filter(), reading.page());
		model.addAttribute("entries", page);
		return "admin/audit";
	}

	/** The CSV, written here (a {@code null} view: the response is complete), or the page that refuses it. */
	@GetMapping("/audit.csv")
	ModelAndView export(Authentication user, @ModelAttribute("query") AuditQuery query, Model model,
			HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		if (!isAdmin(user)) {
			return new ModelAndView(notAdmin(model, response), model.asMap());
		}
		AuditQuery.Reading reading = query.read();
		if (!reading.valid()) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("problems", reading.problems());
			return new ModelAndView("admin/audit", model.asMap());
		}
		LocalDate today = LocalDate.now(this.clock.withZone(ZoneOffset.UTC));
		response.setContentType("text/csv;charset=UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"key-audit-" + today + ".csv\"");
		Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		KeyAuditCsv.write(this.audit.newest(reading.filter(), KeyAuditLog.EXPORT_LIMIT), out);
		out.flush();
		return null;
	}

	private boolean isAdmin(Authentication user) {
		return user != null && user.getPrincipal() instanceof OAuth2User yandex
				&& this.admins.isAdmin(yandex.getAttribute("login"));
	}

	private String notAdmin(Model model, HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		model.addAttribute("anyAdmin", this.admins.any());
		return "admin/not-admin";
	}

}
