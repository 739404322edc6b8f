package dev.aikeywizard.wizard.key;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.CreatedApiKey;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.security.CloudCredentialService;
import dev.aikeywizard.wizard.Action;
import dev.aikeywizard.wizard.ExpressPlans;
import dev.aikeywizard.wizard.InvalidChoiceException;
import dev.aikeywizard.wizard.IssuedKey;
import dev.aikeywizard.wizard.KeyDates;
import dev.aikeywizard.wizard.KeyExpiry;
import dev.aikeywizard.wizard.KeyScope;
import dev.aikeywizard.wizard.KeySettings;
import dev.aikeywizard.wizard.KeyTemplate;
import dev.aikeywizard.wizard.PolicyException;
import dev.aikeywizard.wizard.PolicyOffers;
import dev.aikeywizard.wizard.Step;
import dev.aikeywizard.wizard.WizardPages;
import dev.aikeywizard.wizard.WizardRun;
import dev.aikeywizard.wizard.WizardRuns;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Steps 5 and 6: the key's scope and expiry, the key itself (shown once), its check, another key. */
@Controller
@RequestMapping("/wizard")
class KeyController {

	private final KeyIssuer issuer;

	private final KeyVerifier verifier;

	private final KeyPage keyPage;

	private final ScopeCatalogue catalogue;

	private final LockboxDelivery lockbox;

	private final KeyDates dates;

	private final ExpressPlans plans;

	private final WizardRuns runs;

	private final WizardPages pages;

	private final CloudCredentialService credentials;

	private final Clock clock;

	private final PolicyOffers offers;

	KeyController(KeyIssuer issuer, KeyVerifier verifier, KeyPage keyPage, ScopeCatalogue catalogue,
			LockboxDelivery lockbox, KeyDates dates, ExpressPlans plans, WizardRuns runs, WizardPages pages,
			CloudCredentialService credentials, Clock clock, PolicyOffers offers) {
		this.offers = offers;
		this.catalogue = catalogue;
		this.lockbox = lockbox;
		this.issuer = issuer;
		this.verifier = verifier;
		this.keyPage = keyPage;
		this.dates = dates;
		this.plans = plans;
		this.runs = runs;
		this.pages = pages;
		this.credentials = credentials;
		this.clock = clock;
	}

	@GetMapping("/scope")
	String scope(Authentication user, HttpSession session,
			@RequestParam(name = "template", required = false) String templateId, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		KeyTemplate template = (templateId != null) ? KeyTemplate.ofId(templateId)
			.orElseThrow(() -> new InvalidChoiceException("template", "error.template.unknown")) : null;
		WizardRun run = this.runs.current(session, user);
		// Not while express is making the key (between its operations too): that would be a second key form.
		if (!run.isReachable(Step.SCOPE) || run.pending() != null || run.expressRunning()) {
			return WizardPages.redirectToCurrent(run);
		}
		if (run.issuedKey() != null) {
			return WizardPages.redirect(Step.KEY);
		}
		KeySettings settings = run.keySettings();
		Set<KeyScope> scopes = (template != null && template.fixed()) ? template.scopes()
				: (settings != null) ? settings.scopes() : KeyScope.matching(run.roles());
		String description = (settings != null) ? settings.description() : this.plans.defaultDescription();
		ZoneId zone = (settings != null && settings.expiry() != null) ? settings.expiry().zone() : null;
		model.addAttribute("form",
				new KeyForm(scopes.stream().map(KeyScope::id).toList(),
						(settings != null) ? ((settings.expiry() != null) ? settings.expiry().date() : null)
								: this.dates.recommended(KeyExpiry.zone(null)),
						description, (zone != null) ? zone.getId() : null, false));
		return renderScope(user, run, model, request, response);
	}

	/** Live warning for scopes without a matching role: no upstream call. */
	@GetMapping("/scope/check")
	String scopeCheck(Authentication user, HttpSession session,
			@RequestParam(name = "scopes", required = false) List<String> scopes, Model model,
			HttpServletResponse response) {
		model.addAttribute("warnings", warnings(this.runs.current(session, user), parse(scopes)));
		response.setHeader("Cache-Control", "no-store");
		return "wizard/scope :: warnings";
	}

	/** Creates the key (once) from the step 5 form and renders the result with the secret. */
	@PostMapping("/key")
	String create(Authentication user, HttpSession session, @Valid @ModelAttribute("form") KeyForm form,
			BindingResult result, Model model, HttpServletRequest request, HttpServletResponse response) {
		WizardRun current = this.runs.current(session, user);
		if (current.issuedKey() != null) {
			return this.keyPage.renderIssued(current, model, request, response);
		}
		if (!current.isReachable(Step.SCOPE)) {
			return WizardPages.redirectToCurrent(current);
		}
		if (current.pending() != null) {
			// A key form from before an operation started (another tab, Back): refused, visibly, nothing made.
			throw new WizardRun.IllegalTransitionException("no operation in flight");
		}
		Set<KeyScope> scopes = EnumSet.noneOf(KeyScope.class);
		for (String id : form.scopes()) {
			scopes.add(KeyScope.ofId(id)
				.orElseThrow(() -> new InvalidChoiceException("scopes", "error.scopes.unknown")));
		}
		ZoneId zone = KeyExpiry.zone(form.timeZone());
		if (form.expiresOn() == null && !result.hasFieldErrors("expiresOn") && this.dates.expiryRequired()) {
			result.rejectValue("expiresOn", "error.expiry.required", new Object[] { this.dates.latest(zone) }, null);
		}
		if (form.expiresOn() != null && !result.hasFieldErrors("expiresOn")) {
			if (!form.expiresOn().isAfter(this.dates.today(zone))) {
				result.rejectValue("expiresOn", "error.expiry.past");
			}
			else if (form.expiresOn().isAfter(this.dates.latest(zone))) {
				result.rejectValue("expiresOn", "error.expiry.tooLate", new Object[] { this.dates.latest(zone) },
						null);
			}
		}
		if (result.hasErrors()) {
			response.setStatus(422);
			if (model.getAttribute("form") == null) {
				// A value that cannot be converted (expiresOn=abc) leaves no bound form in the model: show the form
				// as understood, with the errors.
				BeanPropertyBindingResult rebound = new BeanPropertyBindingResult(form, "form");
				rebound.addAllErrors(result);
				model.addAttribute("form", form);
				model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "form", rebound);
			}
			return renderScope(user, current, model, request, response);
		}
		KeySettings settings = new KeySettings(scopes,
				(form.expiresOn() != null) ? new KeyExpiry(form.expiresOn(), zone) : null, form.description());
		IamToken token = this.credentials.iamToken(user);
		Action.CREATE_KEY.mark(request);
		if (form.lockbox()) { // never null (KeyForm)
			if (!this.offers.allowsLockbox()) {
				throw new PolicyException("policy.lockbox", "");
			}
			return createIntoLockbox(user, session, settings, token, model, request, response);
		}
		KeyOutcome issued = this.runs.change(session, user, (run) -> {
			if (run.issuedKey() != null) {
				return new KeyOutcome(run, null); // a double submit: the first one made the key
			}
			if (run.pending() != null) {
				throw new WizardRun.IllegalTransitionException("no operation in flight");
			}
			run.manualStep();
			run.keySettings(settings);
			NewKey key = this.issuer.issueAndCheck(token, run, KeyRequester.of(user));
			return new KeyOutcome(run.snapshot(), key);
		});
		if (!issued.issuedNow()) {
			return this.keyPage.renderIssued(issued.run(), model, request, response);
		}
		return this.keyPage.renderWithSecret(issued.key(), issued.run(), model, request, response);
	}

	/**
	 * The key, with its secret written straight into Lockbox: the secret is in the one request to Lockbox and in no
	 * response. When Lockbox refuses (most often: no {@code lockbox.editor} on the folder), the key is deleted again
	 * and the problem page names the role; the next try is a new key.
	 */
	private String createIntoLockbox(Authentication user, HttpSession session, KeySettings settings, IamToken token,
			Model model, HttpServletRequest request, HttpServletResponse response) {
		LockboxOutcome outcome = this.runs.change(session, user, (run) -> {
			if (run.issuedKey() != null) {
				return new LockboxOutcome(run, null); // a double submit: the first one made the key
			}
			if (run.pending() != null) {
				throw new WizardRun.IllegalTransitionException("no operation in flight");
			}
			run.manualStep();
			run.keySettings(settings);
			CreatedApiKey created = this.issuer.issue(token, run, KeyRequester.of(user));
			Action.STORE_IN_LOCKBOX.mark(request);
			try {
				run.keyStoredInLockbox(this.lockbox.store(token, run, created));
				return new LockboxOutcome(run.snapshot(), null);
			}
			catch (CloudException ex) {
				this.lockbox.revoke(token, run, created.apiKey().id());
				run.startAnotherKey();
				return new LockboxOutcome(run.snapshot(), ex);
			}
		});
		if (outcome.refused() != null) {
			throw outcome.refused();
		}
		return this.keyPage.renderIssued(outcome.run(), model, request, response);
	}

	/** What a Lockbox delivery left: the run, and Lockbox's refusal when there was one (the key is gone then). */
	record LockboxOutcome(WizardRun run, CloudException refused) {
	}

	/** Refresh or Back after the result: the key's details, never its secret. */
	@GetMapping("/key")
	String key(Authentication user, HttpSession session, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		WizardRun run = this.runs.current(session, user);
		if (run.issuedKey() == null) {
			return run.isReachable(Step.SCOPE) ? WizardPages.redirect(Step.SCOPE) : WizardPages.redirectToCurrent(run);
		}
		return this.keyPage.renderIssued(run, model, request, response);
	}

	/**
	 * One check of the new key. The browser sends the secret back in this POST body (it is on the page already);
	 * the server uses it for the call and drops it. htmx repeats this while the role propagates.
	 */
	@PostMapping("/verify")
	String verify(Authentication user, HttpSession session, @RequestParam(defaultValue = "") String secret,
			Model model, HttpServletResponse response) {
		response.setHeader("Cache-Control", "no-store");
		WizardRun current = this.runs.current(session, user);
		IssuedKey key = current.issuedKey();
		if (key == null || !KeyVerifier.couldBeIssuedSecret(secret, key)) {
			response.setStatus(400);
			model.addAttribute("verification", new KeyVerifier.Verification(KeyVerifier.Verification.State.FAILURE, null));
			return "wizard/key :: verify";
		}
		// The first check's moment, recorded only when the check is to be repeated (the role still propagating): a
		// check that succeeds at once costs no lock and no write; the repeats only read it.
		Instant startedAt = (current.verifyStartedAt() != null) ? current.verifyStartedAt() : this.clock.instant();
		KeyVerifier.Verification verification = this.verifier.verify(secret, key, startedAt);
		if (current.verifyStartedAt() == null && verification.state() == KeyVerifier.Verification.State.PENDING) {
			this.runs.change(session, user, (run) -> run.verificationStarted(startedAt));
		}
		model.addAttribute("verification", verification);
		return "wizard/key :: verify";
	}

	/** "Make another key": same service account and folder, back to step 5. */
	@PostMapping("/another")
	String another(Authentication user, HttpSession session) {
		this.runs.change(session, user, (run) -> {
			run.startAnotherKey();
			return run;
		});
		return WizardPages.redirect(Step.SCOPE);
	}

	private String renderScope(Authentication user, WizardRun run, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		KeyForm form = (KeyForm) model.getAttribute("form");
		ZoneId zone = KeyExpiry.zone((form != null) ? form.timeZone() : null);
		Action.READ_RESOURCES.mark(request);
		model.addAttribute("scopes", this.offers.scopes(this.catalogue.offered(this.credentials.iamToken(user), user.getName())));
		model.addAttribute("templates", this.offers.templates(true));
		model.addAttribute("lockboxOffered", this.offers.allowsLockbox());
		model.addAttribute("chosenTemplate", KeyTemplate.withScopes(parse((form != null) ? form.scopes() : List.of()))
			.orElse(KeyTemplate.CUSTOM));
		model.addAttribute("warnings", warnings(run, parse((form != null) ? form.scopes() : List.of())));
		model.addAttribute("recommendedExpiry", this.dates.recommended(zone));
		model.addAttribute("minExpiry", this.dates.today(zone).plusDays(1));
		model.addAttribute("maxExpiry", this.dates.latest(zone));
		boolean expiryInRange = form != null && form.expiresOn() != null
				&& !form.expiresOn().isAfter(this.dates.latest(zone));
		model.addAttribute("expiresAt", expiryInRange ? new KeyExpiry(form.expiresOn(), zone).instant() : null);
		return this.pages.render(Step.SCOPE, run, model, request, response);
	}

	private static Set<KeyScope> parse(List<String> ids) {
		Set<KeyScope> scopes = EnumSet.noneOf(KeyScope.class);
		if (ids != null) {
			ids.forEach((id) -> KeyScope.ofId(id).ifPresent(scopes::add));
		}
		return scopes;
	}

	/** Scopes chosen whose role is not granted: the key would fail at call time. */
	private static List<ScopeWarning> warnings(WizardRun run, Set<KeyScope> scopes) {
		return scopes.stream()
			.filter((scope) -> !scope.usableWith(run.roles()))
			.map((scope) -> new ScopeWarning(scope.id(), scope.neededRole().id()))
			.toList();
	}

	record ScopeWarning(String scope, String role) {
	}

}
