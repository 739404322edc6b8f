package dev.aikeywizard.wizard.key;

import dev.aikeywizard.cloud.CloudProperties;
import dev.aikeywizard.wizard.Step;
import dev.aikeywizard.wizard.WizardPages;
import dev.aikeywizard.wizard.WizardRun;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** The result page: with the secret in the one response that issued the key, without it ever after. */
@Component
public class KeyPage {

	private final WizardPages pages;

	private final CloudProperties cloud;

	private final KeyVerifier verifier;

	KeyPage(WizardPages pages, CloudProperties cloud, KeyVerifier verifier) {
		this.pages = pages;
		this.cloud = cloud;
		this.verifier = verifier;
	}

	/**
	 * The page of the key the run just issued, showing its secret; never cached. The key's first check (sent when
	 * the key was made, see {@link KeyIssuer#issueAndCheck}) is awaited, for at most
	 * {@link KeyVerifier#FIRST_CHECK} from its start: a key that works at once is shown verified, with no second
	 * request; otherwise (the role still propagating, a slow or failing check) the page checks it itself.
	 */
	public String renderWithSecret(NewKey key, WizardRun run, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		model.addAttribute("secret", key.secret());
		this.verifier.outcome(key.firstCheck())
			.ifPresent((verification) -> model.addAttribute("verification", verification));
		return render(run, model, request, response);
	}

	/** The page of a key issued earlier: its details, never its secret. */
	public String renderIssued(WizardRun run, Model model, HttpServletRequest request, HttpServletResponse response) {
		model.addAttribute("secret", null);
		return render(run, model, request, response);
	}

	private String render(WizardRun run, Model model, HttpServletRequest request, HttpServletResponse response) {
		String folderId = run.issuedKey().folderId();
		model.addAttribute("key", run.issuedKey());
		model.addAttribute("lockboxSecretId", run.lockboxSecretId());
		model.addAttribute("checkable", KeyVerifier.checkable(run.issuedKey()));
		model.addAttribute("modelUri", "gpt://" + folderId + "/yandexgpt/latest");
		model.addAttribute("llmBaseUrl", this.cloud.endpoints().llm().toString().replaceAll("/$", ""));
		String view = this.pages.render(Step.KEY, run, model, request, response);
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("Pragma", "no-cache");
		return view;
	}

}
