package dev.aikeywizard.wizard.serviceaccount;

import java.util.List;

import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.ServiceAccount;
import dev.aikeywizard.security.CloudCredentialService;
import dev.aikeywizard.wizard.Action;
import dev.aikeywizard.wizard.Step;
import dev.aikeywizard.wizard.WizardPages;
import dev.aikeywizard.wizard.WizardRun;
import dev.aikeywizard.wizard.WizardRuns;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Step 3: create a service account (name checked as the user types) or reuse one in the folder. */
@Controller
@RequestMapping("/wizard/service-account")
class ServiceAccountController {

	private final ServiceAccounts accounts;

	private final WizardRuns runs;

	private final ServiceAccountPage page;

	private final CloudCredentialService credentials;

	private final Validator validator;

	ServiceAccountController(ServiceAccounts accounts, WizardRuns runs, ServiceAccountPage page,
			CloudCredentialService credentials, Validator validator) {
		this.accounts = accounts;
		this.runs = runs;
		this.page = page;
		this.credentials = credentials;
		this.validator = validator;
	}

	@GetMapping
	String show(Authentication user, @AuthenticationPrincipal OAuth2User principal, HttpSession session, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		return this.page.render(user, principal, this.runs.current(session, user), model, request, response);
	}

	@PostMapping
	String create(Authentication user, @AuthenticationPrincipal OAuth2User principal, HttpSession session,
			@Valid @ModelAttribute("form") ServiceAccountForm form,
			BindingResult result, Model model, HttpServletRequest request, HttpServletResponse response,
			RedirectAttributes flash) {
		WizardRun current = this.runs.current(session, user);
		if (!current.isReachable(Step.SERVICE_ACCOUNT)) {
			return WizardPages.redirectToCurrent(current);
		}
		if (result.hasErrors()) {
			response.setStatus(422);
			return this.page.render(user, current, model, request, response, null, null);
		}
		this.accounts.requireAllowedName(WizardPages.login(principal), form.name());
		IamToken token = this.credentials.iamToken(user);
		Action.CREATE_SERVICE_ACCOUNT.mark(request);
		try {
			WizardRun run = this.runs.change(session, user, (r) -> {
				r.manualStep();
				if (r.creating(form.name()) || (r.pending() == null && form.name().equals(r.serviceAccountName()))) {
					return r; // a double submit, or Back and the same name again: nothing to create
				}
				// Another intent than the operation in flight: the user's latest choice wins, visibly.
				r.stopWaiting().ifPresent((abandoned) -> flash.addFlashAttribute("abandoned", abandoned));
				this.accounts.create(token, r, form.name(), form.description());
				return r;
			});
			return (run.pending() != null) ? "redirect:/wizard/progress" : WizardPages.redirect(Step.ROLES);
		}
		catch (CloudException.AlreadyExistsException ex) {
			// The name is taken in this cloud: offer the existing account when it is in this folder.
			response.setStatus(409);
			result.rejectValue("name", "error.serviceAccount.name.taken", new Object[] { form.name() }, null);
			List<ServiceAccount> inFolder = this.accounts.inFolder(token, current.folderId());
			ServiceAccount same = inFolder.stream()
				.filter((sa) -> sa.name().equals(form.name()))
				.findFirst()
				.orElse(null);
			return this.page.render(user, current, model, request, response, inFolder, same);
		}
	}

	@PostMapping("/existing")
	String useExisting(Authentication user, @AuthenticationPrincipal OAuth2User principal, HttpSession session,
			@RequestParam String serviceAccountId, RedirectAttributes flash) {
		WizardRun current = this.runs.current(session, user);
		if (!current.isReachable(Step.SERVICE_ACCOUNT)) {
			return WizardPages.redirectToCurrent(current);
		}
		ServiceAccount account = this.accounts.check(this.credentials.iamToken(user), current, serviceAccountId);
		this.accounts.requireAllowedAccount(WizardPages.login(principal), account, current);
		this.runs.change(session, user, (run) -> {
			run.manualStep();
			return run.useServiceAccount(account.id(), account.name(), account.folderId());
		}).ifPresent((abandoned) -> flash.addFlashAttribute("abandoned", abandoned));
		return WizardPages.redirect(Step.ROLES);
	}

	/** Live check of the name as the user types: the same constraints the POST enforces, no upstream call. */
	@GetMapping("/name-check")
	String nameCheck(@RequestParam(defaultValue = "") String name, Model model, HttpServletResponse response) {
		ServiceAccountForm form = new ServiceAccountForm(name, "");
		model.addAttribute("nameErrors",
				this.validator.validateProperty(form, "name").stream().map(ConstraintViolation::getMessage).toList());
		response.setHeader("Cache-Control", "no-store");
		return "wizard/service-account :: name-feedback";
	}

}
