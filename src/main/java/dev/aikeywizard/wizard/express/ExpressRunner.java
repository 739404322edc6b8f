package dev.aikeywizard.wizard.express;

import java.util.Comparator;
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
import dev.aikeywizard.wizard.key.NewKey;
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
	 * The service account for the plan: a new one with the suggested name, or, when the name is taken in the cloud
	 * (names are unique per cloud), the user's own account in the chosen folder (named like the suggestion, or with a
	 * {@code -N} suffix, and labelled by the wizard as made for this user) when there is one, otherwise the next free
	 * {@code -2}, {@code -3}, ... The creation comes first and the folder's accounts are read only after a refusal:
	 * on the usual path (a dated name, not made yet) the user does not wait for a list that changes nothing. A name
	 * the policy fixes (portal mode: no date, made once and then reused) is looked for first, so that an own
	 * {@code name-2} in this folder is never doubled by a new {@code name} after the first was deleted elsewhere.
	 * A cloud at its quota of accounts is no refusal when the user's own account is there.
	 */
	void chooseServiceAccount(IamToken token, WizardRun run, String login) {
		String base = this.accounts.suggestName(login);
		Pattern own = Pattern.compile(Pattern.quote(base) + "(-[0-9]{1,2})?");
		if (this.accounts.nameIsFixed(login) && useOwn(token, run, own)) {
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
				// The user's own account (made earlier, or just now by another session of the same user: a second
				// tab, another device), or somebody else's of that name: read afresh after each refusal.
				if (useOwn(token, run, own)) {
					return;
				}
			}
			catch (CloudException.ResourceExhaustedException ex) {
				if (useOwn(token, run, own)) {
					return;
				}
				throw ex;
			}
		}
		throw taken;
	}

	/** Chooses the user's own account in the run's folder named like {@code own}, the shortest name first. */
	private boolean useOwn(IamToken token, WizardRun run, Pattern own) {
		Optional<ServiceAccount> mine = this.accounts.inFolder(token, run.folderId())
			.stream()
			.filter((sa) -> own.matcher(sa.name()).matches() && ServiceAccounts.madeFor(sa, run))
			.min(Comparator.comparing((ServiceAccount sa) -> sa.name().length()).thenComparing(ServiceAccount::name));
		mine.ifPresent((sa) -> run.useServiceAccount(sa.id(), sa.name(), sa.folderId()));
		return mine.isPresent();
	}

	/**
	 * Takes the plan one piece further when nothing is in flight: grants the plan's roles, then issues the key with
	 * the plan's settings.
	 * @return the new key (its secret, its first check on its way) when this call issued it, otherwise {@code null}
	 */
	public NewKey advance(IamToken token, WizardRun run, KeyRequester requester) {
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
		return this.issuer.issueAndCheck(token, run, requester);
	}

}
