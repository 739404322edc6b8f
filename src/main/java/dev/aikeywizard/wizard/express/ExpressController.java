package dev.aikeywizard.wizard.express;

import java.time.Clock;
import java.time.LocalDate;

import dev.aikeywizard.cloud.Folder;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.security.CloudCredentialService;
import dev.aikeywizard.wizard.Action;
import dev.aikeywizard.wizard.ExpressPlan;
import dev.aikeywizard.wizard.ExpressPlans;
import dev.aikeywizard.wizard.IssuePolicy;
import dev.aikeywizard.wizard.InvalidChoiceException;
import dev.aikeywizard.wizard.KeyExpiry;
import dev.aikeywizard.wizard.KeyTemplate;
import dev.aikeywizard.wizard.WizardPages;
import dev.aikeywizard.wizard.WizardRuns;
import dev.aikeywizard.wizard.folder.Folders;
import dev.aikeywizard.wizard.folder.LastFolderCookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Create with recommended settings" on the cloud step: the folder is chosen, the plan shown on that page is fixed,
 * the service account chosen or its creation started; the progress page carries out the rest.
 */
@Controller
class ExpressController {

	private final ExpressRunner express;

	private final ExpressPlans plans;

	private final Folders folders;

	private final WizardRuns runs;

	private final CloudCredentialService credentials;

	private final IssuePolicy policy;

	private final Clock clock;

	ExpressController(ExpressRunner express, ExpressPlans plans, Folders folders, WizardRuns runs,
			CloudCredentialService credentials, IssuePolicy policy, Clock clock) {
		this.policy = policy;
		this.clock = clock;
		this.express = express;
		this.plans = plans;
		this.folders = folders;
		this.runs = runs;
		this.credentials = credentials;
	}

	@PostMapping("/wizard/express")
	String start(Authentication user, @AuthenticationPrincipal OAuth2User principal, HttpSession session,
			@RequestParam String cloudId, @RequestParam String folderId,
			@RequestParam(required = false) String timeZone,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate expiresOn,
			@RequestParam(name = "template", required = false) String templateId, HttpServletRequest request,
			HttpServletResponse response, RedirectAttributes flash) {
		KeyTemplate template = (templateId == null || templateId.isEmpty()) ? KeyTemplate.RECOMMENDED
				: KeyTemplate.ofId(templateId)
					.filter(KeyTemplate::fixed)
					.orElseThrow(() -> new InvalidChoiceException("template", "error.template.unknown"));
		IamToken token = this.credentials.iamToken(user);
		Action.READ_RESOURCES.mark(request);
		Folder folder = this.folders.check(token, this.runs.current(session, user), cloudId, folderId);
		ExpressPlan plan = this.plans.asShown(template, expiresOn, KeyExpiry.zone(timeZone));
		// Before anything is made: the plan, and whether the user may hold another key.
		this.policy.requirePlan(plan, this.clock.instant());
		this.policy.checkAnotherKey(token, user.getName(), folder.id());
		LastFolderCookie.remember(response, cloudId, folderId, request);
		this.runs.change(session, user, (run) -> {
			run.chooseFolder(cloudId, folder.id(), folder.name())
				.ifPresent((abandoned) -> flash.addFlashAttribute("abandoned", abandoned));
			run.startExpress(plan);
			if (run.serviceAccountId() == null && run.pending() == null) {
				Action.CREATE_SERVICE_ACCOUNT.mark(request);
				this.express.chooseServiceAccount(token, run, WizardPages.login(principal));
			}
			return run;
		});
		return "redirect:/wizard/progress";
	}

}
