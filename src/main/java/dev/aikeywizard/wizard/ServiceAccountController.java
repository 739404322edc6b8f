package dev.aikeywizard.wizard;

import java.util.List;

import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.ServiceAccount;
import dev.aikeywizard.security.CloudCredentialService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;

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

/** Step 3: create a service account (name checked as the user types) or reuse one in the folder. */
@Controller
@RequestMapping("/wizard/service-account")
class ServiceAccountController {

	private final WizardFlow flow;

	private final WizardPages pages;

	private final CloudCredentialService credentials;

	private final jakarta.validation.Validator validator;

	ServiceAccountController(WizardFlow flow, WizardPages pages, CloudCredentialService credentials,
			jakarta.validation.Validator validator) {
		this.flow = flow;
		this.pages = pages;
		this.credentials = credentials;
		this.validator = validator;
	}

	@GetMapping
	String show(Authentication user, @AuthenticationPrincipal OAuth2User principal, HttpSession session, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		WizardState state = this.pages.state(session);
		if (!state.isReachable(Step.SERVICE_ACCOUNT)) {
			return WizardPages.redirect(state.firstIncompleteStep());
		}
		if (state.pending() != null) {
			return "redirect:/wizard/progress";
		}
		String suggestion = (state.serviceAccountName() != null) ? state.serviceAccountName()
				: this.flow.suggestName(WizardPages.login(principal));
		model.addAttribute("form", new ServiceAccountForm(suggestion, ""));
		return render(user, state, model, request, response, null);
	}

	@PostMapping
	String create(Authentication user, HttpSession session, @Valid @ModelAttribute("form") ServiceAccountForm form,
			BindingResult result, Model model, HttpServletRequest request, HttpServletResponse response) {
		WizardState state = this.pages.state(session);
		if (!state.isReachable(Step.SERVICE_ACCOUNT)) {
			return WizardPages.redirect(state.firstIncompleteStep());
		}
		if (result.hasErrors()) {
			response.setStatus(422);
			return render(user, state, model, request, response, null);
		}
		IamToken token = this.credentials.iamToken(user);
		try {
			Action.CREATE_SERVICE_ACCOUNT.mark(request);
			this.flow.createServiceAccount(token, state, form.name(), form.description());
		}
		catch (CloudException.AlreadyExistsException ex) {
			// The name is taken in this cloud: offer the existing account when it is in this folder.
			response.setStatus(409);
			result.rejectValue("name", "error.serviceAccount.name.taken", new Object[] { form.name() }, null);
			List<ServiceAccount> accounts = this.flow.serviceAccounts(token, state.folderId());
			ServiceAccount same = accounts.stream().filter((sa) -> sa.name().equals(form.name())).findFirst()
				.orElse(null);
			return render(user, state, model, request, response, accounts, same);
		}
		finally {
			this.pages.save(session, state);
		}
		return (state.pending() != null) ? "redirect:/wizard/progress" : WizardPages.redirect(Step.ROLES);
	}

	@PostMapping("/existing")
	String useExisting(Authentication user, HttpSession session, @RequestParam String serviceAccountId) {
		WizardState state = this.pages.state(session);
		if (!state.isReachable(Step.SERVICE_ACCOUNT)) {
			return WizardPages.redirect(state.firstIncompleteStep());
		}
		this.flow.useServiceAccount(this.credentials.iamToken(user), state, serviceAccountId);
		this.pages.save(session, state);
		return WizardPages.redirect(Step.ROLES);
	}

	/** Live check of the name as the user types: the same constraints the POST enforces, no upstream call. */
	@GetMapping("/name-check")
	String nameCheck(@RequestParam(defaultValue = "") String name, Model model, HttpServletResponse response) {
		ServiceAccountForm form = new ServiceAccountForm(name, "");
		var errors = this.validator.validateProperty(form, "name");
		model.addAttribute("nameErrors", errors.stream().map(jakarta.validation.ConstraintViolation::getMessage).toList());
		response.setHeader("Cache-Control", "no-store");
		return "wizard/service-account :: name-feedback";
	}

	private String render(Authentication user, WizardState state, Model model, HttpServletRequest request,
			HttpServletResponse response, List<ServiceAccount> accounts) {
		return render(user, state, model, request, response, accounts, null);
	}

	private String render(Authentication user, WizardState state, Model model, HttpServletRequest request,
			HttpServletResponse response, List<ServiceAccount> accounts, ServiceAccount taken) {
		if (accounts == null) {
			Action.READ_RESOURCES.mark(request);
			accounts = this.flow.serviceAccounts(this.credentials.iamToken(user), state.folderId());
		}
		model.addAttribute("accounts", accounts);
		model.addAttribute("taken", taken);
		model.addAttribute("namePattern", ServiceAccountForm.NAME_PATTERN);
		return this.pages.render(Step.SERVICE_ACCOUNT, state, model, request, response);
	}

}
