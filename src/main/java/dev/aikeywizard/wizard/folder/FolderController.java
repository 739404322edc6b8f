package dev.aikeywizard.wizard.folder;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.aikeywizard.cloud.Cloud;
import dev.aikeywizard.cloud.Folder;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.security.CloudCredentialService;
import dev.aikeywizard.wizard.KeyTemplate;
import dev.aikeywizard.wizard.PolicyOffers;
import dev.aikeywizard.wizard.Action;
import dev.aikeywizard.wizard.ExpressPlans;
import dev.aikeywizard.wizard.PendingOperation;
import dev.aikeywizard.wizard.Step;
import dev.aikeywizard.wizard.WizardPages;
import dev.aikeywizard.wizard.WizardRun;
import dev.aikeywizard.wizard.WizardRuns;
import dev.aikeywizard.wizard.serviceaccount.ServiceAccountPage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Step 2: dependent selects (htmx swaps only the folder field), ACTIVE folders only, the last choice remembered. */
@Controller
@RequestMapping("/wizard/cloud")
class FolderController {

	private final Folders folders;

	private final WizardRuns runs;

	private final WizardPages pages;

	private final CloudCredentialService credentials;

	private final ExpressPlans plans;

	private final PolicyOffers offers;

	private final ServiceAccountPage serviceAccountPage;

	FolderController(Folders folders, WizardRuns runs, WizardPages pages, CloudCredentialService credentials,
			ExpressPlans plans, PolicyOffers offers, ServiceAccountPage serviceAccountPage) {
		this.serviceAccountPage = serviceAccountPage;
		this.offers = offers;
		this.folders = folders;
		this.runs = runs;
		this.pages = pages;
		this.credentials = credentials;
		this.plans = plans;
	}

	@GetMapping
	String show(Authentication user, HttpSession session, @RequestParam(required = false) String cloudId,
			@CookieValue(name = LastFolderCookie.NAME, required = false) String lastFolder,
			@RequestParam(defaultValue = "false") boolean refresh, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		WizardRun run = this.runs.current(session, user);
		if (!run.isReachable(Step.CLOUD)) {
			return WizardPages.redirectToCurrent(run);
		}
		IamToken token = this.credentials.iamToken(user);
		Action.READ_RESOURCES.mark(request);
		Set<String> usable = run.billing().usableClouds();
		String[] remembered = (lastFolder != null) ? lastFolder.split("\\.", 2) : new String[0];
		if (refresh) {
			// The user asked: clouds and folders are read again.
			List<Cloud> read = this.folders.clouds(token);
			run = this.runs.change(session, user, (r) -> {
				r.cloudsRead(read.stream()
					.collect(Collectors.toMap(Cloud::id, Cloud::name, (a, b) -> a, LinkedHashMap::new)));
				return r.snapshot();
			});
		}
		List<Cloud> clouds = this.folders.clouds(token, run);
		String selectedCloud = firstUsable(usable, clouds, cloudId, run.cloudId(),
				remembered.length == 2 ? remembered[0] : null);
		List<Folder> list = (selectedCloud != null) ? folders(token, session, user, run, selectedCloud) : List.of();
		model.addAttribute("billing", run.billing());
		model.addAttribute("expressPlan", this.plans.recommended(null));
		model.addAttribute("templates", this.offers.templates(false));
		model.addAttribute("recommendedTemplate", KeyTemplate.RECOMMENDED);
		model.addAttribute("clouds", clouds);
		model.addAttribute("billable", usable);
		model.addAttribute("selectedCloud", selectedCloud);
		model.addAttribute("folders", list);
		model.addAttribute("selectedFolder",
				pickFolder(list, run.folderId(), remembered.length == 2 ? remembered[1] : null));
		return this.pages.render(Step.CLOUD, run, model, request, response);
	}

	/** Another cloud chosen in the select: only its folders (and the buttons) are new, the clouds are on the page. */
	@HxRequest(triggerName = "cloudId")
	@GetMapping
	String folders(Authentication user, HttpSession session, @RequestParam(required = false) String cloudId,
			Model model, HttpServletRequest request, HttpServletResponse response) {
		WizardRun run = this.runs.current(session, user);
		if (!run.isReachable(Step.CLOUD)) {
			return "refresh:htmx";
		}
		Action.READ_RESOURCES.mark(request);
		String chosen = (cloudId != null && run.billing().usable(cloudId)) ? cloudId : null;
		List<Folder> list = (chosen != null) ? folders(this.credentials.iamToken(user), session, user, run, chosen)
				: List.of();
		model.addAttribute("billing", run.billing());
		model.addAttribute("folders", list);
		model.addAttribute("selectedCloud", chosen);
		model.addAttribute("selectedFolder", pickFolder(list, run.folderId()));
		response.setHeader("Cache-Control", "no-store");
		return "wizard/cloud :: folders";
	}

	/** The cloud's ACTIVE folders: kept with the run, or read now and kept. */
	private List<Folder> folders(IamToken token, HttpSession session, Authentication user, WizardRun run,
			String cloudId) {
		return Folders.known(run, cloudId).orElseGet(() -> {
			List<Folder> read = this.folders.activeFolders(token, cloudId);
			this.runs.change(session, user, (r) -> {
				r.foldersRead(cloudId, Folders.toKnown(read));
				return r;
			});
			return read;
		});
	}

	private static String firstUsable(Set<String> usable, List<Cloud> clouds, String... candidates) {
		for (String candidate : candidates) {
			if (candidate != null && usable.contains(candidate)
					&& clouds.stream().anyMatch((c) -> c.id().equals(candidate))) {
				return candidate;
			}
		}
		return clouds.stream().map(Cloud::id).filter(usable::contains).findFirst().orElse(null);
	}

	private static String pickFolder(List<Folder> folders, String... candidates) {
		for (String candidate : candidates) {
			if (candidate != null && folders.stream().anyMatch((f) -> f.id().equals(candidate))) {
				return candidate;
			}
		}
		return folders.stream()
			.sorted(Comparator.comparing((Folder f) -> !"default".equals(f.name())).thenComparing(Folder::name))
			.map(Folder::id)
			.findFirst()
			.orElse(null);
	}

	/**
	 * The folder chosen: kept with the run, then the service-account step. htmx gets that step in this response
	 * (its URL pushed), a browser without it a redirect.
	 */
	@PostMapping
	String choose(Authentication user, @AuthenticationPrincipal OAuth2User principal, HttpSession session,
			@RequestParam String cloudId, @RequestParam String folderId, Model model, HttpServletRequest request,
			HttpServletResponse response, RedirectAttributes flash) {
		IamToken token = this.credentials.iamToken(user);
		Action.READ_RESOURCES.mark(request);
		Folder folder = this.folders.check(token, this.runs.current(session, user), cloudId, folderId);
		FolderChosen chosen = this.runs.change(session, user,
				(run) -> new FolderChosen(run.chooseFolder(cloudId, folder.id(), folder.name()), run.snapshot()));
		LastFolderCookie.remember(response, cloudId, folderId, request);
		if (WizardPages.wantsFragment(HtmxRequest.fromRequest(request))) {
			chosen.abandoned().ifPresent((operation) -> model.addAttribute("abandoned", operation));
			return this.serviceAccountPage.render(user, principal, chosen.run(), model, request, response);
		}
		chosen.abandoned().ifPresent((operation) -> flash.addFlashAttribute("abandoned", operation));
		return WizardPages.redirect(Step.SERVICE_ACCOUNT);
	}

	/** The run after a folder was chosen, and the operation that choice stopped waiting for, if any. */
	record FolderChosen(Optional<PendingOperation> abandoned, WizardRun run) {
	}

}
