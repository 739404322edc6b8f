package dev.aikeywizard.wizard;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

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

/** Steps 5 and 6: the key's scope and expiry, the key itself (shown once), its verification, another key. */
@Controller
@RequestMapping("/wizard")
class KeyController {

	private final WizardFlow flow;

	private final WizardPages pages;

	private final KeyIssuer issuer;

	KeyController(WizardFlow flow, WizardPages pages, KeyIssuer issuer) {
		this.flow = flow;
		this.pages = pages;
		this.issuer = issuer;
	}

	@GetMapping("/scope")
	String scope(HttpSession session, Model model, HttpServletRequest request, HttpServletResponse response) {
		WizardState state = this.pages.state(session);
		if (!state.isReachable(Step.SCOPE)) {
			return WizardPages.redirect(state.firstIncompleteStep());
		}
		if (state.issuedKey() != null) {
			return WizardPages.redirect(Step.KEY);
		}
		Set<KeyScope> scopes = (state.scopes() != null) ? state.scopes() : KeyScope.matching(state.grantedRoles());
		String description = (state.keyDescription() != null) ? state.keyDescription()
				: this.issuer.defaultDescription();
		model.addAttribute("form", new KeyForm(scopes.stream().map(KeyScope::id).toList(),
				(state.scopes() != null) ? state.expiresOn() : this.flow.recommendedExpiry(), description));
		return renderScope(state, model, request, response);
	}

	/** Live warning for scopes without a matching role: no upstream call. */
	@GetMapping("/scope/check")
	String scopeCheck(HttpSession session, @RequestParam(name = "scopes", required = false) List<String> scopes,
			Model model, HttpServletResponse response) {
		WizardState state = this.pages.state(session);
		model.addAttribute("warnings", warnings(state, parse(scopes)));
		response.setHeader("Cache-Control", "no-store");
		return "wizard/scope :: warnings";
	}

	/** Creates the key (once) from the step 5 form and renders the result with the secret. */
	@PostMapping("/key")
	String create(Authentication user, HttpSession session, @Valid @ModelAttribute("form") KeyForm form,
			BindingResult result, Model model, HttpServletRequest request, HttpServletResponse response) {
		WizardState state = this.pages.state(session);
		if (state.issuedKey() != null) {
			return this.issuer.renderIssued(state, model, request, response);
		}
		if (!state.isReachable(Step.SCOPE)) {
			return WizardPages.redirect(state.firstIncompleteStep());
		}
		Set<KeyScope> scopes = EnumSet.noneOf(KeyScope.class);
		for (String id : form.scopes()) {
			scopes.add(KeyScope.ofId(id).orElseThrow(() -> new InvalidChoiceException("scopes", "error.scopes.unknown")));
		}
		if (form.expiresOn() != null && !result.hasFieldErrors("expiresOn")) {
			if (!form.expiresOn().isAfter(this.flow.today())) {
				result.rejectValue("expiresOn", "error.expiry.past");
			}
			else if (form.expiresOn().isAfter(this.flow.latestExpiry())) {
				result.rejectValue("expiresOn", "error.expiry.tooLate", new Object[] { this.flow.latestExpiry() }, null);
			}
		}
		if (result.hasErrors()) {
			response.setStatus(422);
			if (model.getAttribute("form") == null) {
				// A value that cannot be converted (expiresOn=abc) leaves no bound form in the model, and the page
				// failed with a 500: show the form as understood, with the errors.
				BeanPropertyBindingResult rebound = new BeanPropertyBindingResult(form, "form");
				rebound.addAllErrors(result);
				model.addAttribute("form", form);
				model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "form", rebound);
			}
			return renderScope(state, model, request, response);
		}
		return this.issuer.issueAndRender(user, session,
				(current) -> current.keySettings(scopes, form.expiresOn(), form.description()), model, request,
				response);
	}

	/** Refresh or Back after the result: the key's details, never its secret. */
	@GetMapping("/key")
	String key(HttpSession session, Model model, HttpServletRequest request, HttpServletResponse response) {
		WizardState state = this.pages.state(session);
		if (state.issuedKey() == null) {
			return WizardPages.redirect(state.isReachable(Step.SCOPE) ? Step.SCOPE : state.firstIncompleteStep());
		}
		return this.issuer.renderIssued(state, model, request, response);
	}

	/**
	 * One tokenize call with the new key. The browser sends the secret back in this POST body (it is on the page
	 * already); the server uses it for the call and drops it. htmx repeats this while the role propagates.
	 */
	@PostMapping("/verify")
	String verify(HttpSession session, @RequestParam(defaultValue = "") String secret, Model model,
			HttpServletResponse response) {
		WizardState state = this.pages.state(session);
		response.setHeader("Cache-Control", "no-store");
		if (state.issuedKey() == null || !WizardFlow.couldBeIssuedSecret(secret, state.issuedKey())) {
			response.setStatus(400);
			model.addAttribute("verification",
					new WizardFlow.Verification(WizardFlow.Verification.State.FAILURE, null));
			return "wizard/key :: verify";
		}
		model.addAttribute("verification", this.flow.verify(secret, state));
		this.pages.save(session, state);
		return "wizard/key :: verify";
	}

	/** "Make another key": same service account and folder, back to step 5. */
	@PostMapping("/another")
	String another(HttpSession session) {
		WizardState state = this.pages.state(session);
		state.startAnotherKey();
		this.pages.save(session, state);
		return WizardPages.redirect(Step.SCOPE);
	}

	private String renderScope(WizardState state, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		KeyForm form = (KeyForm) model.getAttribute("form");
		model.addAttribute("scopes", KeyScope.values());
		model.addAttribute("warnings", warnings(state, parse(form != null ? form.scopes() : List.of())));
		model.addAttribute("recommendedExpiry", this.flow.recommendedExpiry());
		model.addAttribute("minExpiry", this.flow.today().plusDays(1));
		model.addAttribute("maxExpiry", this.flow.latestExpiry());
		return this.pages.render(Step.SCOPE, state, model, request, response);
	}

	private static Set<KeyScope> parse(List<String> ids) {
		Set<KeyScope> scopes = EnumSet.noneOf(KeyScope.class);
		if (ids != null) {
			ids.forEach((id) -> KeyScope.ofId(id).ifPresent(scopes::add));
		}
		return scopes;
	}

	/** Scopes chosen whose role is not granted: the key would fail at call time. */
	private static List<ScopeWarning> warnings(WizardState state, Set<KeyScope> scopes) {
		return scopes.stream()
			.filter((scope) -> !scope.usableWith(state.grantedRoles()))
			.map((scope) -> new ScopeWarning(scope.id(), scope.neededRole().id()))
			.toList();
	}

	record ScopeWarning(String scope, String role) {
	}

}
