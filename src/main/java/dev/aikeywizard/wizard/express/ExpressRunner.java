package dev.aikeywizard.wizard.express;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.ServiceAccount;
import dev.aikeywizard.wizard.Action;
import dev.aikeywizard.wizard.ExpressPlan;
import dev.aikeywizard.wizard.KeySettings;
import dev.aikeywizard.wizard.WizardRun;
import dev.aikeywizard.wizard.key.KeyIssuer;
import dev.aikeywizard.wizard.key.KeyRequester;
import dev.aikeywizard.wizard.roles.RoleGrants;
import dev.aikeywizard.wizard.serviceaccount.ServiceAccounts;

import org.springframework.stereotype.Service;

/** Carries out a run's express plan, one piece per call, under the run's lock. */
@Service
public class ExpressRunner {

	/** How many names ({@code name}, {@code name-2}, ...) express tries when the suggestion is taken in the cloud. */
	static final int NAMES_TO_TRY = 10;

	private final ServiceAccounts accounts;

	private final RoleGrants roles;

	private final KeyIssuer issuer;

	ExpressRunner(ServiceAccounts accounts, RoleGrants roles, KeyIssuer issuer) {
		this.accounts = accounts;
		this.roles = roles;
		this.issuer = issuer;
	}

	/**
	 * The service account for the plan: the user's own one in the chosen folder (named like the suggestion, or with
	 * a {@code -N} suffix, and labelled by the wizard as made for this user) when there is one; otherwise a new one
	 * with the suggested name, or the next free {@code -2}, {@code -3}, ... when the name is taken (names are unique
	 * per cloud, and an account of that name made by somebody else is not the user's).
	 */
	void chooseServiceAccount(IamToken token, WizardRun run, String login) {
		String base = this.accounts.suggestName(login);
		Pattern own = Pattern.compile(Pattern.quote(base) + "(-[0-9]{1,2})?");
		Optional<ServiceAccount> mine = this.accounts.inFolder(token, run.folderId())
			.stream()
			.filter((sa) -> own.matcher(sa.name()).matches() && ServiceAccounts.madeFor(sa, run))
			.min(Comparator.comparing((ServiceAccount sa) -> sa.name().length()).thenComparing(ServiceAccount::name));
		if (mine.isPresent()) {
			run.useServiceAccount(mine.get().id(), mine.get().name(), mine.get().folderId());
			return;
		}
		CloudException.AlreadyExistsException taken = null;
		for (int n = 1; n <= NAMES_TO_TRY; n++) {
			String name = (n == 1) ? base : base + "-" + n;
			try {
				this.accounts.create(token, run, name, "");
				return;
			}
			catch (CloudException.AlreadyExistsException ex) {
				taken = ex;
				// Another session of the same user (a second tab, another device) may have made it here just now.
				List<ServiceAccount> now = this.accounts.inFolder(token, run.folderId());
				Optional<ServiceAccount> raced = now.stream()
					.filter((sa) -> sa.name().equals(name) && ServiceAccounts.madeFor(sa, run))
					.findFirst();
				if (raced.isPresent()) {
					run.useServiceAccount(raced.get().id(), raced.get().name(), raced.get().folderId());
					return;
				}
			}
		}
		throw taken;
	}

	/**
	 * Takes the plan one piece further when nothing is in flight: grants the plan's roles, then issues the key with
	 * the plan's settings.
	 * @return the new key's secret when this call issued it, otherwise {@code null}
	 */
	public String advance(IamToken token, WizardRun run, KeyRequester requester) {
		ExpressPlan plan = run.express();
		if (plan == null || run.pending() != null || run.issuedKey() != null) {
			return null;
		}
		if (run.serviceAccountId() == null) {
			run.manualStep(); // its service account was never made (the creation failed): the user goes on by hand
			return null;
		}
		if (!run.rolesDone() || !run.roles().containsAll(plan.roles())) {
			this.roles.grant(token, run, plan.roles(), this.roles.held(token, run));
			if (run.pending() != null) {
				return null;
			}
		}
		if (run.keySettings() == null) {
			run.keySettings(new KeySettings(plan.scopes(), plan.expiry(), plan.description()));
		}
		Action.CREATE_KEY.markCurrentRequest(); // a refusal names what creating a key needs (or an access policy)
		return this.issuer.issue(token, run, requester).secret();
	}

}
