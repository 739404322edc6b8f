package dev.aikeywizard.wizard;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * What the user of one {@link WizardWalk} asked for, from the requests they sent and how each was answered, never
 * from page texts. Because a request answered with an error may or may not have changed the wizard (the rewrite may
 * refuse a change, or apply part of it), the model keeps every {@link Intent} the app could rightly be in: a request
 * that succeeded replaces each candidate by its effect; one that failed adds its effect next to the candidates.
 */
final class WalkModel {

	static final String RECOMMENDED_ROLE = "ai.languageModels.user";

	/**
	 * One way the wizard may rightly stand: the folder chosen, the service accounts the user named for it (or the
	 * express-suggested name), whether an express run is asked for and not yet answered with a key, and the roles
	 * chosen (null: not chosen since the folder or the service account changed).
	 */
	record Intent(String folderId, Set<String> serviceAccountNames, boolean suggestedName, boolean express,
			Set<String> roles) {

		static final Intent START = new Intent(null, Set.of(), false, false, null);

		Intent withFolder(String folder) {
			if (folder.equals(this.folderId)) {
				return this;
			}
			return new Intent(folder, Set.of(), false, false, null);
		}

		@Override
		public String toString() {
			return "{folder=" + this.folderId + ", sa=" + this.serviceAccountNames
					+ (this.suggestedName ? "+suggested" : "") + (this.express ? ", express" : "") + ", roles="
					+ this.roles + "}";
		}

	}

	private Set<Intent> candidates = new LinkedHashSet<>(List.of(Intent.START));

	/** Every service account name the user submitted in this walk. */
	final Set<String> submittedNames = new TreeSet<>();

	/** Every role the user asked for in this walk. */
	final Set<String> requestedRoles = new TreeSet<>();

	boolean expressEver;

	/** A submitted key form (POST /wizard/key) not yet answered with a secret. */
	boolean manualKeyAsked;

	/** Requests that could have created a key but were answered with an error page. */
	int keyRequestsAnsweredWithProblem;

	final Pattern suggested;

	WalkModel(String login) {
		String base = login.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
			.replaceAll("-{2,}", "-")
			.replaceAll("^-|-$", "");
		this.suggested = Pattern.compile("ai-" + Pattern.quote(base) + "-\\d{8}(-\\d+)?");
	}

	Set<Intent> candidates() {
		return this.candidates;
	}

	boolean expressPossible() {
		return this.candidates.stream().anyMatch(Intent::express);
	}

	/** A request that changes the intent, applied as the answer says. */
	void apply(boolean succeeded, UnaryOperator<Intent> effect) {
		Set<Intent> next = new LinkedHashSet<>();
		if (!succeeded) {
			next.addAll(this.candidates);
		}
		this.candidates.forEach((c) -> next.add(effect.apply(c)));
		this.candidates = next;
	}

	void folderChosen(String folderId, boolean succeeded) {
		apply(succeeded, (c) -> {
			Intent same = c.withFolder(folderId);
			return new Intent(same.folderId(), same.serviceAccountNames(), same.suggestedName(), false, same.roles());
		});
	}

	void expressChosen(String folderId, boolean succeeded) {
		this.expressEver = true;
		this.requestedRoles.add(RECOMMENDED_ROLE);
		apply(succeeded, (c) -> {
			Intent same = c.withFolder(folderId);
			return new Intent(same.folderId(), same.serviceAccountNames(), true, true, Set.of(RECOMMENDED_ROLE));
		});
	}

	void serviceAccountChosen(String name, boolean succeeded) {
		if (name != null) {
			this.submittedNames.add(name);
		}
		// The account already chosen, chosen again: what was granted to it still holds.
		apply(succeeded, (c) -> new Intent(c.folderId(), (name != null) ? Set.of(name) : Set.of(), false, false,
				(name != null && nameFits(c, name)) ? c.roles() : null));
	}

	void rolesChosen(Set<String> roles, boolean succeeded) {
		this.requestedRoles.addAll(roles);
		apply(succeeded, (c) -> new Intent(c.folderId(), c.serviceAccountNames(), c.suggestedName(), false,
				Set.copyOf(roles)));
	}

	/** A secret was shown: the express run (if any) is answered. */
	void keyShown(boolean viaKeyForm) {
		if (viaKeyForm) {
			this.manualKeyAsked = false;
		}
		else {
			apply(true, (c) -> new Intent(c.folderId(), c.serviceAccountNames(), c.suggestedName(), false, c.roles()));
		}
	}

	void signedOut() {
		this.candidates = new LinkedHashSet<>(List.of(Intent.START));
		this.manualKeyAsked = false;
	}

	boolean nameAllowed(String name) {
		return this.submittedNames.contains(name) || (this.expressEver && this.suggested.matcher(name).matches());
	}

	boolean nameFits(Intent c, String name) {
		return c.serviceAccountNames().contains(name) || (c.suggestedName() && this.suggested.matcher(name).matches());
	}

	@Override
	public String toString() {
		return this.candidates.toString() + (this.manualKeyAsked ? " key asked" : "");
	}

}
