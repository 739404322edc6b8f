package dev.aikeywizard.wizard.serviceaccount;

import java.util.List;

import dev.aikeywizard.cloud.ServiceAccount;
import dev.aikeywizard.security.CloudCredentialService;
import dev.aikeywizard.wizard.Action;
import dev.aikeywizard.wizard.Step;
import dev.aikeywizard.wizard.WizardPages;
import dev.aikeywizard.wizard.WizardRun;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Step 3's page: the form with a suggested name beside the folder's service accounts (read now). Rendered by its own
 * step and, for htmx, straight from the cloud step's Next, which saves the browser a redirect and a second request.
 */
@Component
public class ServiceAccountPage {

	private final ServiceAccounts accounts;

	private final WizardPages pages;

	private final CloudCredentialService credentials;

	ServiceAccountPage(ServiceAccounts accounts, WizardPages pages, CloudCredentialService credentials) {
		this.accounts = accounts;
		this.pages = pages;
		this.credentials = credentials;
	}

	/**
	 * The step as it opens: the name chosen before in this run, else a suggested one, and the folder's accounts; or,
	 * while the step is not open (an operation still in flight), a redirect to where the run stands.
	 */
	public String render(Authentication user, OAuth2User principal, WizardRun run, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		if (!run.isReachable(Step.SERVICE_ACCOUNT) || run.pending() != null) {
			return WizardPages.redirectToCurrent(run);
		}
		String suggestion = (run.serviceAccountName() != null) ? run.serviceAccountName()
				: this.accounts.suggestName(WizardPages.login(principal));
		model.addAttribute("form", new ServiceAccountForm(suggestion, ""));
		return render(user, run, model, request, response, null, null);
	}

	/**
	 * The step with the form in the model (as the user sent it, with its errors), and the folder's accounts:
	 * {@code inFolder} when already read, else read now; {@code taken} the account whose name was refused, if any.
	 */
	String render(Authentication user, WizardRun run, Model model, HttpServletRequest request,
			HttpServletResponse response, List<ServiceAccount> inFolder, ServiceAccount taken) {
		List<ServiceAccount> accounts = inFolder;
		if (accounts == null) {
			Action.READ_RESOURCES.mark(request);
			accounts = this.accounts.inFolder(this.credentials.iamToken(user), run.folderId());
		}
		model.addAttribute("accounts", accounts);
		model.addAttribute("taken", taken);
		model.addAttribute("namePattern", ServiceAccountForm.NAME_PATTERN);
		return this.pages.render(Step.SERVICE_ACCOUNT, run, model, request, response);
	}

}
