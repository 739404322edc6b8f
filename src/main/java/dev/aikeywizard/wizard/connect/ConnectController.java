package dev.aikeywizard.wizard.connect;

import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.security.CloudCredentialService;
import dev.aikeywizard.wizard.Step;
import dev.aikeywizard.wizard.WizardPages;
import dev.aikeywizard.wizard.WizardProperties;
import dev.aikeywizard.wizard.WizardRun;
import dev.aikeywizard.wizard.WizardRuns;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Connect your cloud": when IAM refuses this app's Yandex ID token, the user pastes a Yandex Cloud OAuth token
 * (the one {@code yc init} gets) or an IAM token ({@code yc iam create-token}). Checked with one call, kept in
 * server memory only, never echoed back.
 */
@Controller
@RequestMapping("/wizard/connect")
class ConnectController {

	private final WizardPages pages;

	private final WizardRuns runs;

	private final CloudCredentialService credentials;

	private final WizardProperties properties;

	ConnectController(WizardPages pages, WizardRuns runs, CloudCredentialService credentials,
			WizardProperties properties) {
		this.pages = pages;
		this.runs = runs;
		this.credentials = credentials;
		this.properties = properties;
	}

	@GetMapping
	String show(Authentication user, HttpSession session, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		if (this.credentials.actsAsService()) {
			return "redirect:/wizard"; // portal mode: the desk acts with its own account, nobody connects a cloud
		}
		return render(this.runs.current(session, user), "oauth", model, request, response);
	}

	@PostMapping
	String connect(Authentication user, HttpSession session, @RequestParam(defaultValue = "oauth") String kind,
			@RequestParam(defaultValue = "") String token, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		if (this.credentials.actsAsService()) {
			return "redirect:/wizard"; // nothing pasted is exchanged or kept in portal mode
		}
		WizardRun state = this.runs.current(session, user);
		String value = token.strip();
		if (value.isEmpty() || value.length() > 4000 || !value.matches("[A-Za-z0-9._~+/=-]+")
				|| !("oauth".equals(kind) || "iam".equals(kind))) {
			response.setStatus(422);
			model.addAttribute("tokenError", "error.connect.malformed");
			return render(state, kind, model, request, response);
		}
		try {
			if ("oauth".equals(kind)) {
				this.credentials.connectWithOAuthToken(user, value);
			}
			else {
				this.credentials.connectWithIamToken(user, value);
			}
		}
		catch (CloudException ex) {
			response.setStatus(ex instanceof CloudException.UnavailableException ? 503 : 422);
			model.addAttribute("tokenError", "error.connect.refused");
			model.addAttribute("requestId", ex.requestId());
			return render(state, kind, model, request, response);
		}
		return "redirect:/wizard";
	}

	private String render(WizardRun state, String kind, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		model.addAttribute("kind", kind);
		model.addAttribute("cloudOauthUrl", this.properties.cloudOauthUrl());
		return this.pages.render(Step.BILLING, "wizard/connect", state, model, request, response);
	}

}
