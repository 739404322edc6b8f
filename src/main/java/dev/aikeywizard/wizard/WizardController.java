package dev.aikeywizard.wizard;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import dev.aikeywizard.cloud.Cloud;
import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.Folder;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.ServiceAccount;
import dev.aikeywizard.security.CloudCredentialService;
import dev.aikeywizard.web.Htmx;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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

/**
 * Steps 1 and 2 (billing, cloud and folder), the express path, and the progress of operations in flight.
 */
@Controller
@RequestMapping("/wizard")
class WizardController {

	static final String LAST_FOLDER_COOKIE = "last-folder";

	private final WizardFlow flow;

	private final WizardPages pages;

	private final CloudCredentialService credentials;

	private final KeyIssuer keys;

	private final WizardProperties properties;

	WizardController(WizardFlow flow, WizardPages pages, CloudCredentialService credentials, KeyIssuer keys,
			WizardProperties properties) {
		this.properties = properties;
		this.flow = flow;
		this.pages = pages;
		this.credentials = credentials;
		this.keys = keys;
	}

	/**
	 * Entry: billing confirms itself when it passes and needs no choice; otherwise the billing step is shown right
	 * here, from the same reads (no upstream call is made twice for one step).
	 */
	@GetMapping
	String start(Authentication user, HttpSession session, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		WizardState state = this.pages.state(session);
		if (state.pending() != null) {
			return "redirect:/wizard/progress";
		}
		if (state.billableCloudIds() == null || state.billableCloudIds().isEmpty()) {
			Action.READ_BILLING.mark(request);
			WizardFlow.BillingOverview overview = this.flow.checkBilling(this.credentials.iamToken(user), state);
			this.pages.save(session, state);
			if (overview.billableCloudIds().isEmpty()) {
				return renderBilling(overview, state, model, request, response);
			}
		}
		return WizardPages.redirect(state.firstIncompleteStep());
	}

	@GetMapping("/billing")
	String billing(Authentication user, HttpSession session, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		WizardState state = this.pages.state(session);
		Action.READ_BILLING.mark(request);
		WizardFlow.BillingOverview overview = this.flow.checkBilling(this.credentials.iamToken(user), state);
		this.pages.save(session, state);
		return renderBilling(overview, state, model, request, response);
	}

	private String renderBilling(WizardFlow.BillingOverview overview, WizardState state, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		model.addAttribute("overview", overview);
		model.addAttribute("billable", overview.billableCloudIds());
		model.addAttribute("cloudNames", overview.cloudNames());
		model.addAttribute("billingConsoleUrl", this.properties.billingConsoleUrl());
		return this.pages.render(Step.BILLING, state, model, request, response);
	}

	@GetMapping("/cloud")
	String cloud(Authentication user, HttpSession session, @RequestParam(required = false) String cloudId,
			@CookieValue(name = LAST_FOLDER_COOKIE, required = false) String lastFolder, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		WizardState state = this.pages.state(session);
		if (!state.isReachable(Step.CLOUD)) {
			return WizardPages.redirect(state.firstIncompleteStep());
		}
		IamToken token = this.credentials.iamToken(user);
		Action.READ_RESOURCES.mark(request);
		Set<String> billable = state.billableCloudIds();
		String[] remembered = (lastFolder != null) ? lastFolder.split("\\.", 2) : new String[0];
		if (Htmx.isHtmx(request) && "cloudId".equals(request.getHeader("HX-Trigger-Name"))) {
			// Another cloud chosen in the select: only its folders are new, the clouds are on the page already.
			String chosen = (cloudId != null && billable.contains(cloudId)) ? cloudId : null;
			List<Folder> folders = (chosen != null) ? this.flow.activeFolders(token, chosen) : List.of();
			model.addAttribute("folders", folders);
			model.addAttribute("selectedFolder", chooseFolder(folders, state.folderId()));
			response.setHeader("Cache-Control", "no-store");
			return "wizard/cloud :: folders";
		}
		List<Cloud> clouds = this.flow.clouds(token);
		String selectedCloud = firstBillable(billable, clouds, cloudId, state.cloudId(),
				remembered.length == 2 ? remembered[0] : null);
		List<Folder> folders = (selectedCloud != null) ? this.flow.activeFolders(token, selectedCloud) : List.of();
		String selectedFolder = chooseFolder(folders, state.folderId(), remembered.length == 2 ? remembered[1] : null);
		model.addAttribute("clouds", clouds);
		model.addAttribute("billable", billable);
		model.addAttribute("selectedCloud", selectedCloud);
		model.addAttribute("folders", folders);
		model.addAttribute("selectedFolder", selectedFolder);
		return this.pages.render(Step.CLOUD, state, model, request, response);
	}

	private static String firstBillable(Set<String> billable, List<Cloud> clouds, String... candidates) {
		for (String candidate : candidates) {
			if (candidate != null && billable.contains(candidate)
					&& clouds.stream().anyMatch((c) -> c.id().equals(candidate))) {
				return candidate;
			}
		}
		return clouds.stream().map(Cloud::id).filter(billable::contains).findFirst().orElse(null);
	}

	private static String chooseFolder(List<Folder> folders, String... candidates) {
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

	@PostMapping("/cloud")
	String chooseCloud(Authentication user, HttpSession session, @RequestParam String cloudId,
			@RequestParam String folderId, HttpServletRequest request, HttpServletResponse response) {
		WizardState state = this.pages.state(session);
		Action.READ_RESOURCES.mark(request);
		this.flow.chooseFolder(this.credentials.iamToken(user), state, cloudId, folderId);
		this.pages.save(session, state);
		rememberFolder(response, cloudId, folderId, request);
		return WizardPages.redirect(Step.SERVICE_ACCOUNT);
	}

	/**
	 * "Create with recommended settings": the remaining steps with their defaults (a new service account named
	 * after the user, ai.languageModels.user, the matching scope, the recommended expiry), shown live in the stepper.
	 */
	@PostMapping("/express")
	String express(Authentication user, @AuthenticationPrincipal OAuth2User principal, HttpSession session,
			@RequestParam String cloudId, @RequestParam String folderId, HttpServletRequest request,
			HttpServletResponse response) {
		WizardState state = this.pages.state(session);
		IamToken token = this.credentials.iamToken(user);
		Action.READ_RESOURCES.mark(request);
		this.flow.chooseFolder(token, state, cloudId, folderId);
		rememberFolder(response, cloudId, folderId, request);
		state.express(true);
		if (state.serviceAccountId() == null && state.pending() == null) {
			String name = this.flow.suggestName(WizardPages.login(principal));
			List<ServiceAccount> existing = this.flow.serviceAccounts(token, state.folderId());
			ServiceAccount same = existing.stream().filter((sa) -> sa.name().equals(name)).findFirst().orElse(null);
			if (same != null) {
				// Made by an earlier run of the wizard today: reuse it rather than fail or duplicate.
				state.chooseServiceAccount(same.id(), same.name());
			}
			else {
				Action.CREATE_SERVICE_ACCOUNT.mark(request);
				try {
					this.flow.createServiceAccount(token, state, name, "");
				}
				catch (CloudException.AlreadyExistsException ex) {
					// Another session of the same user (a second tab, another device, another instance) made it
					// a moment ago: share it rather than fail or make a second one.
					ServiceAccount raced = this.flow.serviceAccounts(token, state.folderId())
						.stream()
						.filter((sa) -> sa.name().equals(name))
						.findFirst()
						.orElseThrow(() -> ex);
					state.chooseServiceAccount(raced.id(), raced.name());
				}
			}
		}
		this.pages.save(session, state);
		return "redirect:/wizard/progress";
	}

	private static void rememberFolder(HttpServletResponse response, String cloudId, String folderId,
			HttpServletRequest request) {
		Cookie cookie = new Cookie(LAST_FOLDER_COOKIE, cloudId + "." + folderId);
		cookie.setPath("/wizard");
		cookie.setHttpOnly(true);
		cookie.setSecure(request.isSecure());
		cookie.setMaxAge((int) Duration.ofDays(365).toSeconds());
		cookie.setAttribute("SameSite", "Lax");
		response.addCookie(cookie);
	}

	/** Shows the operation in flight (one read); when nothing is pending any more, goes on to the next step. */
	@GetMapping("/progress")
	String progress(Authentication user, HttpSession session, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		return this.keys.locked(session, () -> {
			WizardState state = this.pages.fresh(session);
			boolean idle = this.flow.poll(this.credentials.iamToken(user), state);
			this.pages.save(session, state);
			if (idle && !state.express()) {
				return WizardPages.redirect(state.firstIncompleteStep());
			}
			return renderProgress(state, model, request, response);
		});
	}

	/**
	 * The poll htmx sends while work runs (and the "Continue" button without JavaScript): polls once and, on the
	 * express path, starts the next piece of work, up to creating the key. Serialised per session: ten polls at
	 * once finish the operation once and issue one key.
	 */
	@PostMapping("/progress")
	String advance(Authentication user, HttpSession session, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		return this.keys.locked(session, () -> {
			WizardState state = this.pages.fresh(session);
			IamToken token = this.credentials.iamToken(user);
			boolean idle = this.flow.poll(token, state);
			if (idle && state.express()) {
				if (!state.rolesDone()) {
					Action.GRANT_ROLES.mark(request);
					this.flow.grantRoles(token, state, Set.of(FoundationRole.RECOMMENDED),
							this.flow.boundRoles(token, state));
					idle = state.pending() == null;
				}
				if (idle && state.rolesDone() && state.scopes() == null) {
					state.keySettings(KeyScope.matching(state.grantedRoles()), this.flow.recommendedExpiry(),
							this.keys.defaultDescription());
				}
				if (idle && state.scopes() != null) {
					this.pages.save(session, state);
					return this.keys.issueAndRender(user, session, model, request, response);
				}
			}
			this.pages.save(session, state);
			if (idle && !state.express()) {
				return WizardPages.redirect(state.firstIncompleteStep());
			}
			return renderProgress(state, model, request, response);
		});
	}

	private String renderProgress(WizardState state, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		model.addAttribute("pending", state.pending());
		return this.pages.render(state.firstIncompleteStep(), "wizard/progress", state, model, request, response);
	}

}
