package dev.aikeywizard.wizard.billing;

import dev.aikeywizard.security.CloudCredentialService;
import dev.aikeywizard.wizard.Action;
import dev.aikeywizard.wizard.BillingCheck;
import dev.aikeywizard.wizard.IssuePolicy;
import dev.aikeywizard.wizard.Step;
import dev.aikeywizard.wizard.WizardPages;
import dev.aikeywizard.wizard.WizardProperties;
import dev.aikeywizard.wizard.WizardRun;
import dev.aikeywizard.wizard.WizardRuns;
import dev.aikeywizard.wizard.folder.Folders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The entry and step 1. Billing confirms itself when a cloud can be used and needs no choice; otherwise the billing
 * step is shown right here, from the same reads (no upstream call is made twice for one step).
 */
@Controller
class BillingController {

	private final BillingReader reader;

	private final WizardRuns runs;

	private final WizardPages pages;

	private final CloudCredentialService credentials;

	private final WizardProperties properties;

	private final IssuePolicy policy;

	BillingController(BillingReader reader, WizardRuns runs, WizardPages pages, CloudCredentialService credentials,
			WizardProperties properties, IssuePolicy policy) {
		this.policy = policy;
		this.reader = reader;
		this.runs = runs;
		this.pages = pages;
		this.credentials = credentials;
		this.properties = properties;
	}

	@GetMapping("/wizard")
	String start(Authentication user, HttpSession session, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		WizardRun run = this.runs.current(session, user);
		if (run.pending() != null || run.expressRunning()) {
			return "redirect:/wizard/progress";
		}
		if (run.billing() == null || run.billing().blocked()) {
			BillingReader.BillingOverview overview = read(user, request);
			run = this.runs.change(session, user, (current) -> {
				checked(current, overview);
				return current;
			});
			if (run.billing().blocked()) {
				return render(overview, run, model, request, response);
			}
		}
		return WizardPages.redirect(run.firstIncompleteStep());
	}

	@GetMapping("/wizard/billing")
	String billing(Authentication user, HttpSession session, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		BillingReader.BillingOverview overview = read(user, request);
		WizardRun run = this.runs.change(session, user, (current) -> {
			checked(current, overview);
			return current;
		});
		return render(overview, run, model, request, response);
	}

	/** Billing, the clouds and the folders read ahead, kept with the run. */
	private static void checked(WizardRun run, BillingReader.BillingOverview overview) {
		run.billingChecked(overview.check(), overview.cloudNames());
		overview.folders().forEach((cloudId, active) -> run.foldersRead(cloudId, Folders.toKnown(active)));
	}

	private BillingReader.BillingOverview read(Authentication user, HttpServletRequest request) {
		Action.READ_BILLING.mark(request);
		return this.reader.read(this.credentials.iamToken(user));
	}

	private String render(BillingReader.BillingOverview overview, WizardRun run, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		BillingCheck check = run.billing();
		model.addAttribute("overview", overview);
		model.addAttribute("billing", check);
		model.addAttribute("billable", check.usableClouds());
		model.addAttribute("cloudNames", overview.cloudNames());
		model.addAttribute("billingConsoleUrl", this.properties.billingConsoleUrl());
		// In portal mode the paying account is the organisation's: staff see whether it pays, not its details.
		model.addAttribute("showAccounts", this.policy.showsBillingDetails());
		return this.pages.render(Step.BILLING, run, model, request, response);
	}

}
