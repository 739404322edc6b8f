package dev.aikeywizard.wizard.roles;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.security.CloudCredentialService;
import dev.aikeywizard.wizard.Action;
import dev.aikeywizard.wizard.FoundationRole;
import dev.aikeywizard.wizard.InvalidChoiceException;
import dev.aikeywizard.wizard.KeyTemplate;
import dev.aikeywizard.wizard.PolicyOffers;
import dev.aikeywizard.wizard.Step;
import dev.aikeywizard.wizard.WizardPages;
import dev.aikeywizard.wizard.WizardRun;
import dev.aikeywizard.wizard.WizardRuns;
import dev.aikeywizard.wizard.key.ScopeCatalogue;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Step 4: grant Foundation Models roles on the folder; roles already bound are shown and not sent again. */
@Controller
@RequestMapping("/wizard/roles")
class RolesController {

	private final RoleGrants grants;

	private final WizardRuns runs;

	private final WizardPages pages;

	private final CloudCredentialService credentials;

	private final PolicyOffers offers;

	private final ScopeCatalogue scopes;

	RolesController(RoleGrants grants, WizardRuns runs, WizardPages pages, CloudCredentialService credentials,
			PolicyOffers offers, ScopeCatalogue scopes) {
		this.offers = offers;
		this.scopes = scopes;
		this.grants = grants;
		this.runs = runs;
		this.pages = pages;
		this.credentials = credentials;
	}

	@GetMapping
	String show(Authentication user, HttpSession session,
			@RequestParam(name = "template", required = false) String templateId, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		KeyTemplate template = (templateId != null) ? KeyTemplate.ofId(templateId)
			.orElseThrow(() -> new InvalidChoiceException("template", "error.template.unknown")) : null;
		WizardRun run = this.runs.current(session, user);
		if (!run.isReachable(Step.ROLES) || run.pending() != null) {
			return WizardPages.redirectToCurrent(run);
		}
		Action.READ_RESOURCES.mark(request);
		// An account this run created holds what the run granted it: no read (the roles page follows its creation).
		Set<FoundationRole> bound = this.grants.held(this.credentials.iamToken(user), run);
		Set<FoundationRole> selected = (template != null) ? template.roles()
				: run.rolesDone() ? run.roles() : KeyTemplate.RECOMMENDED.roles();
		return render(run, bound, selected, model, request, response);
	}

	@PostMapping
	String grant(Authentication user, HttpSession session,
			@RequestParam(name = "roles", required = false) List<String> roles, Model model,
			HttpServletRequest request, HttpServletResponse response, RedirectAttributes flash) {
		WizardRun current = this.runs.current(session, user);
		if (!current.isReachable(Step.ROLES)) {
			return WizardPages.redirectToCurrent(current);
		}
		EnumSet<FoundationRole> wanted = EnumSet.noneOf(FoundationRole.class);
		for (String id : (roles != null) ? roles : List.<String>of()) {
			wanted.add(FoundationRole.ofId(id)
				.orElseThrow(() -> new InvalidChoiceException("roles", "error.roles.unknown")));
		}
		// The account the bound roles are read for: another request may change the run's account before this one
		// gets the lock (with sessions in memory, `current` is that very run object).
		String pageAccount = current.serviceAccountId();
		IamToken token = this.credentials.iamToken(user);
		Action.READ_RESOURCES.mark(request);
		Set<FoundationRole> bound = this.grants.held(token, current);
		if (wanted.isEmpty() && bound.isEmpty()) {
			response.setStatus(422);
			model.addAttribute("rolesError", "error.roles.none");
			return render(current, bound, wanted, model, request, response);
		}
		Action.GRANT_ROLES.mark(request);
		WizardRun run = this.runs.change(session, user, (r) -> {
			if (!pageAccount.equals(r.serviceAccountId())) {
				throw new WizardRun.IllegalTransitionException("the same service account as the page");
			}
			r.manualStep();
			if (r.granting(wanted)) {
				return r; // a double submit: the first one's grant is running
			}
			// Another intent than the operation in flight: the user's latest choice wins, visibly.
			r.stopWaiting().ifPresent((abandoned) -> flash.addFlashAttribute("abandoned", abandoned));
			this.grants.grant(token, r, wanted, bound);
			return r;
		});
		if (run.pending() != null) {
			// The scope step comes after the grant's operation: its catalogue is read beside that wait.
			this.scopes.readAhead(token, user.getName());
			return "redirect:/wizard/progress";
		}
		return WizardPages.redirect(Step.SCOPE);
	}

	private String render(WizardRun run, Set<FoundationRole> bound, Set<FoundationRole> selected, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		model.addAttribute("roles", this.offers.roles());
		model.addAttribute("templates", this.offers.templates(true));
		model.addAttribute("chosenTemplate", KeyTemplate.withRoles(selected).orElse(KeyTemplate.CUSTOM));
		model.addAttribute("bound", bound);
		model.addAttribute("selected", selected);
		return this.pages.render(Step.ROLES, run, model, request, response);
	}

}
