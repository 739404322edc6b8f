package dev.aikeywizard.wizard;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One user's progress through the wizard, kept in the HTTP session. Holds ids, names and choices only: never a
 * token and never the key's secret. Changing an earlier choice forgets what depended on it.
 */
class WizardState implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	static final String SESSION_ATTRIBUTE = "wizardState";

	// 1. billing: the clouds bound to an active billing account (null until checked)
	private Set<String> billableCloudIds;

	// 2. cloud and folder
	private String cloudId;

	private String folderId;

	private String folderName;

	// 3. service account
	private String serviceAccountId;

	private String serviceAccountName;

	// 4. roles confirmed bound on the folder
	private EnumSet<FoundationRole> grantedRoles = EnumSet.noneOf(FoundationRole.class);

	private boolean rolesDone;

	// 5. key settings
	private EnumSet<KeyScope> scopes;

	private LocalDate expiresOn;

	private String keyDescription;

	// 6. the issued key (no secret)
	private IssuedKey issuedKey;

	private Instant verifyStartedAt;

	// work in flight
	private PendingOperation pending;

	private boolean express;

	/** Steps already counted as completed in the metrics (a step undone and done again counts again). */
	private EnumSet<Step> reportedDone = EnumSet.noneOf(Step.class);

	/** Idempotency keys per logical request, so a retried request never creates a second resource. */
	private final Map<String, String> idempotencyKeys = new HashMap<>();

	Step firstIncompleteStep() {
		if (this.billableCloudIds == null || this.billableCloudIds.isEmpty()) {
			return Step.BILLING;
		}
		if (this.folderId == null) {
			return Step.CLOUD;
		}
		if (this.serviceAccountId == null) {
			return Step.SERVICE_ACCOUNT;
		}
		if (!this.rolesDone) {
			return Step.ROLES;
		}
		if (this.scopes == null) {
			return Step.SCOPE;
		}
		return Step.KEY;
	}

	boolean isDone(Step step) {
		return step.ordinal() < firstIncompleteStep().ordinal() || (step == Step.KEY && this.issuedKey != null);
	}

	/** The steps done now that were not reported yet; forgets steps no longer done, so they count again. */
	Set<Step> newlyDone() {
		if (this.reportedDone == null) {
			this.reportedDone = EnumSet.noneOf(Step.class);
		}
		EnumSet<Step> fresh = EnumSet.noneOf(Step.class);
		for (Step step : Step.values()) {
			if (!isDone(step)) {
				this.reportedDone.remove(step);
			}
			else if (this.reportedDone.add(step)) {
				fresh.add(step);
			}
		}
		return fresh;
	}

	boolean isReachable(Step step) {
		return step.ordinal() <= firstIncompleteStep().ordinal();
	}

	/** The idempotency key for one logical request, created on first use and reused on every retry. */
	String idempotencyKey(String request) {
		return this.idempotencyKeys.computeIfAbsent(request, (r) -> UUID.randomUUID().toString());
	}

	void billingChecked(Set<String> cloudIds) {
		this.billableCloudIds = new LinkedHashSet<>(cloudIds);
		if (this.cloudId != null && !cloudIds.contains(this.cloudId)) {
			chooseFolder(null, null, null);
		}
	}

	void chooseFolder(String cloudId, String folderId, String folderName) {
		boolean changed = folderId == null || !folderId.equals(this.folderId);
		this.cloudId = cloudId;
		this.folderId = folderId;
		this.folderName = folderName;
		if (changed) {
			chooseServiceAccount(null, null);
		}
	}

	void chooseServiceAccount(String id, String name) {
		boolean changed = id == null || !id.equals(this.serviceAccountId);
		this.serviceAccountId = id;
		this.serviceAccountName = name;
		if (changed) {
			this.grantedRoles = EnumSet.noneOf(FoundationRole.class);
			this.rolesDone = false;
			this.scopes = null;
			this.issuedKey = null;
		}
	}

	void rolesGranted(Set<FoundationRole> roles) {
		this.grantedRoles = roles.isEmpty() ? EnumSet.noneOf(FoundationRole.class) : EnumSet.copyOf(roles);
		this.rolesDone = true;
	}

	void keySettings(Set<KeyScope> scopes, LocalDate expiresOn, String description) {
		this.scopes = EnumSet.copyOf(scopes);
		this.expiresOn = expiresOn;
		this.keyDescription = description;
	}

	void keyIssued(IssuedKey key) {
		this.issuedKey = key;
		this.verifyStartedAt = null;
		this.express = false;
	}

	/** "Make another key": keep the folder, service account and roles, forget the issued key. */
	void startAnotherKey() {
		this.issuedKey = null;
		this.verifyStartedAt = null;
		this.idempotencyKeys.keySet().removeIf((request) -> request.startsWith("key:"));
	}

	public Set<String> billableCloudIds() {
		return this.billableCloudIds;
	}

	public String cloudId() {
		return this.cloudId;
	}

	public String folderId() {
		return this.folderId;
	}

	public String folderName() {
		return this.folderName;
	}

	public String serviceAccountId() {
		return this.serviceAccountId;
	}

	public String serviceAccountName() {
		return this.serviceAccountName;
	}

	public Set<FoundationRole> grantedRoles() {
		return this.grantedRoles;
	}

	public boolean rolesDone() {
		return this.rolesDone;
	}

	public Set<KeyScope> scopes() {
		return this.scopes;
	}

	public LocalDate expiresOn() {
		return this.expiresOn;
	}

	public String keyDescription() {
		return this.keyDescription;
	}

	public IssuedKey issuedKey() {
		return this.issuedKey;
	}

	Instant verifyStartedAt() {
		return this.verifyStartedAt;
	}

	void verifyStartedAt(Instant startedAt) {
		this.verifyStartedAt = startedAt;
	}

	public PendingOperation pending() {
		return this.pending;
	}

	void pending(PendingOperation pending) {
		this.pending = pending;
	}

	public boolean express() {
		return this.express;
	}

	void express(boolean express) {
		this.express = express;
	}

	/** An upstream operation the wizard is waiting for. */
	record PendingOperation(Task task, String operationId, String serviceAccountName, Set<FoundationRole> roles,
			Instant startedAt)
			implements Serializable {

		enum Task {

			CREATE_SERVICE_ACCOUNT, GRANT_ROLES

		}

	}

	/** What the result page shows after the key was issued: everything but the secret. */
	record IssuedKey(String id, String serviceAccountId, String serviceAccountName, String folderId,
			Set<KeyScope> scopes, Instant expiresAt, Instant issuedAt, String maskedSecret) implements Serializable {
	}

}
