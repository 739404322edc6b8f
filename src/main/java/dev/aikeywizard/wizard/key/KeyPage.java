package dev.aikeywizard.wizard.key;

import java.time.Clock;

import dev.aikeywizard.cloud.CloudProperties;
import dev.aikeywizard.wizard.Step;
import dev.aikeywizard.wizard.WizardPages;
import dev.aikeywizard.wizard.WizardRun;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** The result page: with the secret in the one response that issued the key, without it ever after. */
@Component
public class KeyPage {

	private static final Logger log = LoggerFactory.getLogger(KeyPage.class);

	private final WizardPages pages;

	private final CloudProperties cloud;

	private final KeyVerifier verifier;

	private final Clock clock;

	KeyPage(WizardPages pages, CloudProperties cloud, KeyVerifier verifier, Clock clock) {
		this.pages = pages;
		this.cloud = cloud;
		this.verifier = verifier;
		this.clock = clock;
	}

	/**
	 * The page of the key the run just issued, showing {@code secret}; never cached. The key is checked once before
	 * the page goes out, while this request holds the secret anyway: a key that works at once is shown verified,
	 * with no second request; one whose role is still propagating is checked again from the page. A check that
	 * cannot be made never costs the user the page (it is left to the page, as before).
	 */
	public String renderWithSecret(String secret, WizardRun run, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		model.addAttribute("secret", secret);
		try {
			model.addAttribute("verification", this.verifier.verify(secret, run.issuedKey(), this.clock.instant()));
		}
		catch (RuntimeException ex) {
			log.warn("The first check of key {} failed ({}); the page checks it again", run.issuedKey().id(),
					ex.getClass().getName());
		}
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
