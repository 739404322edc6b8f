package dev.aikeywizard.wizard;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.security.CloudCredentialService;
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

/** Step 4: grant Foundation Models roles on the folder; roles already bound are shown and not sent again. */
@Controller
@RequestMapping("/wizard/roles")
class RolesController {

	private final WizardFlow flow;

	private final WizardPages pages;

	private final CloudCredentialService credentials;

	RolesController(WizardFlow flow, WizardPages pages, CloudCredentialService credentials) {
		this.flow = flow;
		this.pages = pages;
		this.credentials = credentials;
	}

	@GetMapping
	String show(Authentication user, HttpSession session, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		WizardState state = this.pages.state(session);
		if (!state.isReachable(Step.ROLES)) {
			return WizardPages.redirect(state.firstIncompleteStep());
		}
		if (state.pending() != null) {
			return "redirect:/wizard/progress";
		}
		Action.READ_RESOURCES.mark(request);
		Set<FoundationRole> bound = this.flow.boundRoles(this.credentials.iamToken(user), state);
		Set<FoundationRole> selected = state.rolesDone() ? state.grantedRoles() : Set.of(FoundationRole.RECOMMENDED);
		return render(state, bound, selected, model, request, response);
	}

	@PostMapping
	String grant(Authentication user, HttpSession session, @RequestParam(name = "roles", required = false) List<String> roles,
			Model model, HttpServletRequest request, HttpServletResponse response) {
		WizardState state = this.pages.state(session);
		if (!state.isReachable(Step.ROLES)) {
			return WizardPages.redirect(state.firstIncompleteStep());
		}
		EnumSet<FoundationRole> wanted = EnumSet.noneOf(FoundationRole.class);
		for (String id : (roles != null) ? roles : List.<String>of()) {
			wanted.add(FoundationRole.ofId(id).orElseThrow(() -> new InvalidChoiceException("roles", "error.roles.unknown")));
		}
		IamToken token = this.credentials.iamToken(user);
		Action.READ_RESOURCES.mark(request);
		Set<FoundationRole> bound = this.flow.boundRoles(token, state);
		if (wanted.isEmpty() && bound.isEmpty()) {
			response.setStatus(422);
			model.addAttribute("rolesError", "error.roles.none");
			return render(state, bound, wanted, model, request, response);
		}
		Action.GRANT_ROLES.mark(request);
		this.flow.grantRoles(token, state, wanted, bound);
		this.pages.save(session, state);
		return (state.pending() != null) ? "redirect:/wizard/progress" : WizardPages.redirect(Step.SCOPE);
	}

	private String render(WizardState state, Set<FoundationRole> bound, Set<FoundationRole> selected, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		model.addAttribute("roles", FoundationRole.values());
		model.addAttribute("bound", bound);
		model.addAttribute("selected", selected);
		return this.pages.render(Step.ROLES, state, model, request, response);
	}

}
