package dev.aikeywizard.wizard;

import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One run of the wizard: its id, its owner (the Yandex user id), a version, the user's choices, the plan (manual, or
 * express), the operation it waits for with the target that operation applies to, and the key it issued. Every
 * change goes through a method here, which enforces the order of the steps: changing a choice forgets what
 * depended on it and stops waiting for an operation aimed at the old choice. Holds ids, names and choices only:
 * never a token and never the key's secret. Kept in the HTTP session; changed only through {@link WizardRuns}.
 */
public final class WizardRun implements Serializable {

	@Serial
	private static final long serialVersionUID = 2L;

	static final String SESSION_ATTRIBUTE = "wizardRun";

	private final UUID id;

	private final String ownerId;

	private long version;

	private BillingCheck billing;

	private String cloudId;

	private String folderId;

	private String folderName;

	private String serviceAccountId;

	private String serviceAccountName;

	private EnumSet<FoundationRole> roles = EnumSet.noneOf(FoundationRole.class);

	private boolean rolesDone;

	private KeySettings keySettings;

	private ExpressPlan express;

	private PendingOperation pending;

	private IssuedKey issuedKey;

	/** Keys this run has issued: part of the next key's idempotency key, so a new key never replays an old one. */
	private int keysIssued;

	/** The Lockbox secret that holds the issued key's secret, when the user chose Lockbox instead of the screen. */
	private String lockboxSecretId;

	private Instant verifyStartedAt;

	/** Steps already counted as completed in the metrics (a step undone and done again counts again). */
	private EnumSet<Step> reportedDone = EnumSet.noneOf(Step.class);

	/** The user's clouds (id to name, in the order read), read with billing; {@code null} until then. */
	private LinkedHashMap<String, String> cloudNames;

	/** ACTIVE folders per cloud as last read: read once per run, again only when the user asks. */
	private HashMap<String, List<KnownFolder>> folders = new HashMap<>();

	/** Whether the chosen service account was created by this run: it holds only the roles this run granted. */
	private boolean serviceAccountNew;

	public WizardRun(String ownerId) {
		this.id = UUID.randomUUID();
		this.ownerId = Objects.requireNonNull(ownerId, "ownerId");
	}

	// ---- where the run stands

	public Step firstIncompleteStep() {
		if (this.billing == null || this.billing.blocked()) {
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
		if (this.keySettings == null) {
			return Step.SCOPE;
		}
		return Step.KEY;
	}

	public boolean isDone(Step step) {
		return step.ordinal() < firstIncompleteStep().ordinal() || (step == Step.KEY && this.issuedKey != null);
	}

	public boolean isReachable(Step step) {
		return step.ordinal() <= firstIncompleteStep().ordinal();
	}

	/** The steps done now that were not reported yet; forgets steps no longer done, so they count again. */
	Set<Step> newlyDone() {
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

	/**
	 * The Idempotency-Key for one intent of this run: a name-based UUID of the run id, the step and the request's
	 * content. Every instance, every session copy and every Retry sends the same key for the same intent; another
	 * intent (other content, or the next key of the run) gets another key.
	 */
	public String idempotencyKey(String step, Object... content) {
		StringBuilder name = new StringBuilder(this.id.toString()).append('|').append(step);
		for (Object part : content) {
			name.append('|').append(part);
		}
		return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
	}

	/** The idempotency key of creating the next key of this run with the current settings. */
	public String keyIdempotencyKey() {
		requireState(this.keySettings != null && this.serviceAccountId != null, "key settings");
		return idempotencyKey("key", this.keysIssued, this.serviceAccountId, this.keySettings.scopes(),
				(this.keySettings.expiry() != null) ? this.keySettings.expiry().instant() : "never",
				this.keySettings.description());
	}

	// ---- 1. billing

	/** Billing read again; a chosen cloud that turned out suspended is forgotten with all that depended on it. */
	public void billingChecked(BillingCheck check) {
		billingChecked(check, null);
	}

	/**
	 * Billing read again with the user's clouds ({@code cloudNames}, id to name; {@code null} when not read): the
	 * clouds and folders kept with the run are replaced.
	 */
	public void billingChecked(BillingCheck check, Map<String, String> cloudNames) {
		cloudsRead(cloudNames);
		this.billing = check;
		if (this.cloudId != null && !check.usable(this.cloudId)) {
			forgetFolder();
		}
	}

	// ---- 2. cloud and folder

	/** The user's clouds read (id to name; {@code null}: unknown): the folders kept with the run are forgotten. */
	public void cloudsRead(Map<String, String> cloudNames) {
		this.cloudNames = (cloudNames != null) ? new LinkedHashMap<>(cloudNames) : null;
		this.folders = new HashMap<>();
	}

	/** The ACTIVE folders of a cloud, just read. */
	public void foldersRead(String cloudId, List<KnownFolder> active) {
		if (this.folders == null) {
			this.folders = new HashMap<>();
		}
		this.folders.put(cloudId, List.copyOf(active));
	}

	/** The user's clouds (id to name) as read with billing, if known. */
	public Optional<Map<String, String>> cloudNames() {
		return Optional.ofNullable(this.cloudNames).map((names) -> Collections.unmodifiableMap(new LinkedHashMap<>(names)));
	}

	/** The ACTIVE folders of a cloud as last read in this run, if read. */
	public Optional<List<KnownFolder>> knownFolders(String cloudId) {
		return Optional.ofNullable((this.folders != null) ? this.folders.get(cloudId) : null);
	}

	/**
	 * The user chose a folder (checked upstream by the caller). A manual step: cancels the express plan. Another
	 * folder forgets the service account and everything after it, and stops waiting for an operation aimed at the
	 * old folder.
	 * @return the operation the run stopped waiting for, if any
	 */
	public Optional<PendingOperation> chooseFolder(String cloudId, String folderId, String folderName) {
		if (this.billing == null || !this.billing.usable(cloudId)) {
			throw new InvalidChoiceException("cloudId", "error.cloud.notBillable");
		}
		this.express = null;
		Optional<PendingOperation> abandoned = Optional.empty();
		if (!folderId.equals(this.folderId)) {
			abandoned = stopWaiting();
			forgetServiceAccount();
		}
		this.cloudId = cloudId;
		this.folderId = folderId;
		this.folderName = folderName;
		return abandoned;
	}

	/**
	 * "Create with recommended settings" pressed on a folder already chosen: the plan's roles and key settings
	 * replace earlier ones (roles already bound are not granted again); after an issued key, this is another key.
	 */
	public void startExpress(ExpressPlan plan) {
		requireState(this.folderId != null, "folder");
		if (this.issuedKey != null) {
			startAnotherKey();
		}
		this.express = plan;
		this.rolesDone = false;
		this.keySettings = null;
	}

	/** A manual step was taken: the express plan, if any, is cancelled. */
	public void manualStep() {
		this.express = null;
	}

	// ---- 3. service account

	/** The creation of a service account in the chosen folder started; it replaces the account chosen before. */
	public void serviceAccountCreating(String operationId, String name, Instant now, Duration deadline) {
		requireState(this.folderId != null, "folder");
		requireState(this.pending == null, "no operation in flight");
		if (!name.equals(this.serviceAccountName)) {
			// The user's choice is now the account being created: should its creation fail or vanish, the run is
			// back at this step, never silently on the account chosen before.
			forgetServiceAccount();
		}
		this.pending = new PendingOperation(PendingOperation.Task.CREATE_SERVICE_ACCOUNT, operationId, this.folderId,
				null, name, Set.of(), now, now.plus(deadline));
	}

	/**
	 * The user picked an existing service account, checked by the caller to live in the chosen folder. Another
	 * account forgets the roles and key settings, and stops waiting for an operation aimed at the old one.
	 * @return the operation the run stopped waiting for, if any
	 */
	public Optional<PendingOperation> useServiceAccount(String id, String name, String inFolder) {
		requireState(this.folderId != null && this.folderId.equals(inFolder), "service account in the chosen folder");
		Optional<PendingOperation> abandoned = Optional.empty();
		if (!id.equals(this.serviceAccountId)) {
			abandoned = stopWaiting();
			forgetRoles();
		}
		this.serviceAccountId = id;
		this.serviceAccountName = name;
		this.serviceAccountNew = false;
		return abandoned;
	}

	// ---- 4. roles

	/** A grant of roles on the folder to the chosen service account started. */
	public void rolesGranting(String operationId, Set<FoundationRole> all, Instant now, Duration deadline) {
		requireState(this.serviceAccountId != null, "service account");
		requireState(this.pending == null, "no operation in flight");
		this.pending = new PendingOperation(PendingOperation.Task.GRANT_ROLES, operationId, this.folderId,
				this.serviceAccountId, null, all, now, now.plus(deadline));
	}

	/** The service account holds {@code all} of these roles on the folder (nothing needed granting). */
	public void rolesGranted(Set<FoundationRole> all) {
		requireState(this.serviceAccountId != null, "service account");
		this.roles = all.isEmpty() ? EnumSet.noneOf(FoundationRole.class) : EnumSet.copyOf(all);
		this.rolesDone = true;
	}

	// ---- operations in flight

	/** Whether the operation in flight already creates an account of this name: a second submit of the same form. */
	public boolean creating(String name) {
		return this.pending != null && this.pending.task() == PendingOperation.Task.CREATE_SERVICE_ACCOUNT
				&& this.pending.serviceAccountName().equals(name);
	}

	/** Whether the operation in flight already grants these roles to the chosen account: a second submit. */
	public boolean granting(Set<FoundationRole> roles) {
		return this.pending != null && this.pending.task() == PendingOperation.Task.GRANT_ROLES
				&& this.pending.serviceAccountId().equals(this.serviceAccountId)
				&& this.pending.roles().containsAll(roles);
	}

	/**
	 * The operation finished well. Applied only when it is the one the run waits for and its target still is the
	 * run's choice; otherwise it is forgotten.
	 * @param createdServiceAccountId the account a creation made ({@code null} for a grant)
	 * @return whether it was applied
	 */
	public boolean operationSucceeded(String operationId, String createdServiceAccountId) {
		PendingOperation op = this.pending;
		if (op == null || !op.operationId().equals(operationId)) {
			return false;
		}
		this.pending = null;
		if (!op.folderId().equals(this.folderId)) {
			return false;
		}
		switch (op.task()) {
			case CREATE_SERVICE_ACCOUNT -> {
				requireState(createdServiceAccountId != null, "the created service account's id");
				useServiceAccount(createdServiceAccountId, op.serviceAccountName(), op.folderId());
				this.serviceAccountNew = true;
			}
			case GRANT_ROLES -> {
				if (!op.serviceAccountId().equals(this.serviceAccountId)) {
					return false;
				}
				rolesGranted(op.roles());
			}
		}
		return true;
	}

	/** A poll sent at {@code polledAt} found the operation the run waits for still running. */
	public void operationRunning(String operationId, Instant polledAt) {
		if (this.pending != null && this.pending.operationId().equals(operationId)) {
			this.pending = this.pending.seenRunning(polledAt);
		}
	}

	/** The operation ended in error, or the cloud no longer knows it: the step can be done again. */
	public void operationFailed(String operationId) {
		if (this.pending != null && this.pending.operationId().equals(operationId)) {
			this.pending = null;
			this.express = null;
		}
	}

	/**
	 * "Back" from an operation past its deadline: the run stops waiting (the operation may still finish in the
	 * cloud; doing the step again finds what it made) and the plan is cancelled.
	 */
	public Optional<PendingOperation> stopWaiting() {
		Optional<PendingOperation> stopped = Optional.ofNullable(this.pending);
		this.pending = null;
		stopped.ifPresent((op) -> this.express = null);
		return stopped;
	}

	// ---- 5 and 6. the key

	public void keySettings(KeySettings settings) {
		requireState(this.rolesDone, "roles");
		requireState(this.issuedKey == null, "no key issued yet");
		this.keySettings = settings;
	}

	public void keyIssued(IssuedKey key) {
		requireState(this.issuedKey == null, "no key issued yet");
		this.issuedKey = key;
		this.lockboxSecretId = null;
		this.keysIssued++;
		this.verifyStartedAt = null;
		this.express = null;
	}

	/** "Make another key": keep the folder, service account and roles; the next key is a new intent. */
	public void startAnotherKey() {
		this.issuedKey = null;
		this.lockboxSecretId = null;
		this.verifyStartedAt = null;
	}

	/** The issued key's secret went into this Lockbox secret, not to the screen. */
	public void keyStoredInLockbox(String secretId) {
		requireState(this.issuedKey != null, "a key issued");
		this.lockboxSecretId = secretId;
	}

	/** The Lockbox secret holding the issued key's secret, or {@code null} when it was shown instead. */
	public String lockboxSecretId() {
		return this.lockboxSecretId;
	}

	/** When the key's check started (it is retried while the role propagates), or {@code null} before. */
	public Instant verifyStartedAt() {
		return this.verifyStartedAt;
	}

	/** The key's check starts now, unless it started already; returns when it started. */
	public Instant verificationStarted(Instant now) {
		if (this.verifyStartedAt == null) {
			this.verifyStartedAt = now;
		}
		return this.verifyStartedAt;
	}

	// ---- forgetting

	private void forgetFolder() {
		stopWaiting();
		this.express = null;
		this.cloudId = null;
		this.folderId = null;
		this.folderName = null;
		forgetServiceAccount();
	}

	private void forgetServiceAccount() {
		this.serviceAccountId = null;
		this.serviceAccountName = null;
		this.serviceAccountNew = false;
		forgetRoles();
	}

	private void forgetRoles() {
		this.roles = EnumSet.noneOf(FoundationRole.class);
		this.rolesDone = false;
		this.keySettings = null;
		this.issuedKey = null;
		this.verifyStartedAt = null;
	}

	private static void requireState(boolean condition, String what) {
		if (!condition) {
			throw new IllegalTransitionException(what);
		}
	}

	void saved() {
		this.version++;
	}

	/**
	 * A private copy of the run as it is now, for rendering after the lock is released: a request of the same run
	 * waiting for the lock may change the run meanwhile (with sessions in memory, the very same object).
	 */
	public WizardRun snapshot() {
		return org.springframework.util.SerializationUtils.clone(this);
	}

	// ---- reading

	public UUID id() {
		return this.id;
	}

	public String ownerId() {
		return this.ownerId;
	}

	public long version() {
		return this.version;
	}

	public BillingCheck billing() {
		return this.billing;
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

	public Set<FoundationRole> roles() {
		return EnumSet.copyOf(this.roles);
	}

	/** Whether this run created the chosen service account (so it holds no roles but the ones this run granted). */
	public boolean serviceAccountNew() {
		return this.serviceAccountNew;
	}

	public boolean rolesDone() {
		return this.rolesDone;
	}

	public KeySettings keySettings() {
		return this.keySettings;
	}

	public ExpressPlan express() {
		return this.express;
	}

	public boolean expressRunning() {
		return this.express != null;
	}

	public PendingOperation pending() {
		return this.pending;
	}

	public IssuedKey issuedKey() {
		return this.issuedKey;
	}

	public int keysIssued() {
		return this.keysIssued;
	}

	/** A change the run's state does not allow now (a stale form, a step out of order): a 409, nothing changed. */
	public static class IllegalTransitionException extends RuntimeException {

		public IllegalTransitionException(String needed) {
			super("the wizard run needs " + needed + " first");
		}

	}

}
