package dev.aikeywizard.wizard;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.aikeywizard.cloud.AccessBinding;
import dev.aikeywizard.cloud.AccessBindingDelta;
import dev.aikeywizard.cloud.ApiKeyApi;
import dev.aikeywizard.cloud.BillingAccount;
import dev.aikeywizard.cloud.BillingApi;
import dev.aikeywizard.cloud.Cloud;
import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.CreateApiKeyRequest;
import dev.aikeywizard.cloud.CreateServiceAccountRequest;
import dev.aikeywizard.cloud.CreatedApiKey;
import dev.aikeywizard.cloud.Folder;
import dev.aikeywizard.cloud.FoundationModelsApi;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.Operation;
import dev.aikeywizard.cloud.OperationApi;
import dev.aikeywizard.cloud.ResourceManagerApi;
import dev.aikeywizard.cloud.ServiceAccount;
import dev.aikeywizard.cloud.ServiceAccountApi;
import dev.aikeywizard.wizard.WizardState.IssuedKey;
import dev.aikeywizard.wizard.WizardState.PendingOperation;
import dev.aikeywizard.wizard.WizardState.PendingOperation.Task;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Does each wizard step for real through the cloud client and records the outcome in the {@link WizardState}.
 * Mutations carry an idempotency key kept in the state, so a retried step never creates a second resource.
 */
@Service
class WizardFlow {

	static final String VERIFY_MODEL = "yandexgpt-lite/latest";

	private final BillingApi billing;

	private final ResourceManagerApi resourceManager;

	private final ServiceAccountApi serviceAccounts;

	private final ApiKeyApi apiKeys;

	private final OperationApi operations;

	private final FoundationModelsApi foundationModels;

	private final WizardProperties properties;

	private final Clock clock;

	WizardFlow(BillingApi billing, ResourceManagerApi resourceManager, ServiceAccountApi serviceAccounts,
			ApiKeyApi apiKeys, OperationApi operations, FoundationModelsApi foundationModels,
			WizardProperties properties) {
		this.billing = billing;
		this.resourceManager = resourceManager;
		this.serviceAccounts = serviceAccounts;
		this.apiKeys = apiKeys;
		this.operations = operations;
		this.foundationModels = foundationModels;
		this.properties = properties;
		this.clock = Clock.systemUTC();
	}

	// 1. Billing

	/** Billing accounts with the clouds each pays for, and the user's clouds: read in parallel. */
	BillingOverview checkBilling(IamToken token, WizardState state) {
		Mono<List<AccountClouds>> accounts = this.billing.listBillingAccounts(token)
			.flatMapMany(Flux::fromIterable)
			.flatMapSequential((account) -> this.billing.listBillableObjectBindings(token, account.id())
				.map((bindings) -> new AccountClouds(account, bindings.stream()
					.filter((binding) -> binding.billableObject() != null
							&& "cloud".equals(binding.billableObject().type()))
					.map((binding) -> binding.billableObject().id())
					.toList())))
			.collectList();
		var both = Mono.zip(accounts, this.resourceManager.listClouds(token)).block();
		BillingOverview overview = new BillingOverview(both.getT1(), both.getT2());
		state.billingChecked(overview.billableCloudIds());
		return overview;
	}

	record AccountClouds(BillingAccount account, List<String> cloudIds) {
	}

	record BillingOverview(List<AccountClouds> accounts, List<Cloud> clouds) {

		Set<String> billableCloudIds() {
			Set<String> visible = this.clouds.stream().map(Cloud::id).collect(Collectors.toSet());
			return this.accounts.stream()
				.filter((a) -> a.account().active())
				.flatMap((a) -> a.cloudIds().stream())
				.filter(visible::contains)
				.collect(Collectors.toCollection(TreeSet::new));
		}

		Map<String, String> cloudNames() {
			return this.clouds.stream().collect(Collectors.toMap(Cloud::id, Cloud::name, (a, b) -> a));
		}

	}

	// 2. Cloud and folder

	List<Cloud> clouds(IamToken token) {
		return this.resourceManager.listClouds(token).block();
	}

	List<Folder> activeFolders(IamToken token, String cloudId) {
		return this.resourceManager.listFolders(token, cloudId).block().stream().filter(Folder::isActive).toList();
	}

	/**
	 * Checks the chosen folder against the cloud again (never trusting the form) and records the choice.
	 * @throws InvalidChoiceException when the folder is not an ACTIVE folder of a billable cloud
	 */
	Folder chooseFolder(IamToken token, WizardState state, String cloudId, String folderId) {
		if (state.billableCloudIds() == null || !state.billableCloudIds().contains(cloudId)) {
			throw new InvalidChoiceException("cloudId", "error.cloud.notBillable");
		}
		if (!isResourceId(folderId)) {
			throw new InvalidChoiceException("folderId", "error.folder.unknown");
		}
		Folder folder;
		try {
			folder = this.resourceManager.getFolder(token, folderId).block();
		}
		catch (CloudException.NotFoundException | CloudException.PermissionDeniedException
				| CloudException.InvalidArgumentException ex) {
			throw new InvalidChoiceException("folderId", "error.folder.unknown");
		}
		if (!cloudId.equals(folder.cloudId()) || !folder.isActive()) {
			throw new InvalidChoiceException("folderId", "error.folder.unknown");
		}
		state.chooseFolder(cloudId, folder.id(), folder.name());
		return folder;
	}

	/**
	 * A Yandex Cloud resource id is lowercase letters and digits (20 of them today). Anything else is refused before
	 * it reaches the cloud client, where it would become part of a request path (a {@code ?}, {@code ../} or
	 * {@code {}} there changes the request or breaks the URI template).
	 */
	static boolean isResourceId(String id) {
		return id != null && RESOURCE_ID.matcher(id).matches();
	}

	private static final java.util.regex.Pattern RESOURCE_ID = java.util.regex.Pattern.compile("[a-z0-9]{1,50}");

	// 3. Service account

	List<ServiceAccount> serviceAccounts(IamToken token, String folderId) {
		return this.serviceAccounts.list(token, folderId).block();
	}

	/** A valid name derived from the login and the date, e.g. {@code ai-ivan-petrov-20261129}. */
	String suggestName(String login) {
		String base = login == null ? "" : login.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
		base = base.replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
		String date = LocalDate.now(this.clock).format(DateTimeFormatter.BASIC_ISO_DATE);
		String prefix = "ai-";
		int room = 63 - prefix.length() - date.length() - 1;
		if (base.length() > room) {
			base = base.substring(0, room).replaceAll("-$", "");
		}
		return base.isEmpty() ? prefix + "wizard-" + date : prefix + base + "-" + date;
	}

	/** Starts creating the service account; done at once when the operation finishes immediately. */
	void createServiceAccount(IamToken token, WizardState state, String name, String description) {
		String folderId = state.folderId();
		String key = state.idempotencyKey("sa:" + folderId + ":" + name + ":" + description);
		Operation operation = this.serviceAccounts
			.create(token, new CreateServiceAccountRequest(folderId, name, description), key)
			.block();
		state.pending(new PendingOperation(Task.CREATE_SERVICE_ACCOUNT, operation.id(), name, Set.of(),
				this.clock.instant()));
		if (operation.done()) {
			finish(state, operation);
		}
	}

	/** Reuses an existing service account, checked to be in the chosen folder. */
	ServiceAccount useServiceAccount(IamToken token, WizardState state, String serviceAccountId) {
		if (!isResourceId(serviceAccountId)) {
			throw new InvalidChoiceException("serviceAccountId", "error.serviceAccount.unknown");
		}
		ServiceAccount account;
		try {
			account = this.serviceAccounts.get(token, serviceAccountId).block();
		}
		catch (CloudException.NotFoundException | CloudException.InvalidArgumentException
				| CloudException.PermissionDeniedException ex) {
			throw new InvalidChoiceException("serviceAccountId", "error.serviceAccount.unknown");
		}
		if (!account.folderId().equals(state.folderId())) {
			throw new InvalidChoiceException("serviceAccountId", "error.serviceAccount.unknown");
		}
		state.chooseServiceAccount(account.id(), account.name());
		return account;
	}

	// 4. Roles

	/** The Foundation Models roles the service account already holds on the folder. */
	Set<FoundationRole> boundRoles(IamToken token, WizardState state) {
		List<AccessBinding> bindings = this.resourceManager.listFolderAccessBindings(token, state.folderId()).block();
		EnumSet<FoundationRole> bound = EnumSet.noneOf(FoundationRole.class);
		for (AccessBinding binding : bindings) {
			if (binding.subject() != null && state.serviceAccountId().equals(binding.subject().id())
					&& "serviceAccount".equals(binding.subject().type())) {
				FoundationRole.ofId(binding.roleId()).ifPresent(bound::add);
			}
		}
		return bound;
	}

	/** Grants the roles not yet bound; roles already bound are not sent again. */
	void grantRoles(IamToken token, WizardState state, Set<FoundationRole> wanted, Set<FoundationRole> bound) {
		EnumSet<FoundationRole> missing = wanted.isEmpty() ? EnumSet.noneOf(FoundationRole.class)
				: EnumSet.copyOf(wanted);
		missing.removeAll(bound);
		EnumSet<FoundationRole> all = EnumSet.copyOf(bound.isEmpty() ? EnumSet.noneOf(FoundationRole.class) : bound);
		all.addAll(wanted);
		if (missing.isEmpty()) {
			state.rolesGranted(all);
			return;
		}
		List<AccessBindingDelta> deltas = missing.stream()
			.map((role) -> AccessBindingDelta.add(role.id(),
					AccessBinding.Subject.serviceAccount(state.serviceAccountId())))
			.toList();
		String key = state.idempotencyKey("roles:" + state.folderId() + ":" + state.serviceAccountId() + ":" + missing);
		Operation operation = this.resourceManager
			.updateFolderAccessBindings(token, state.folderId(), deltas, key)
			.block();
		state.pending(new PendingOperation(Task.GRANT_ROLES, operation.id(), null, all, this.clock.instant()));
		if (operation.done()) {
			finish(state, operation);
		}
	}

	// Operations in flight

	/**
	 * Polls the pending operation once. Returns true when nothing is pending any more.
	 * @throws CloudException when the operation ended in error (the pending operation is then forgotten)
	 */
	boolean poll(IamToken token, WizardState state) {
		PendingOperation pending = state.pending();
		if (pending == null) {
			return true;
		}
		Operation operation = this.operations.get(token, pending.operationId()).block();
		if (!operation.done()) {
			return false;
		}
		finish(state, operation);
		return true;
	}

	private void finish(WizardState state, Operation operation) {
		PendingOperation pending = state.pending();
		if (pending == null || !pending.operationId().equals(operation.id())) {
			return; // finished already by another request of this session
		}
		state.pending(null);
		this.operations.checkOutcome(operation);
		switch (pending.task()) {
			case CREATE_SERVICE_ACCOUNT -> {
				String id = operation.metadataString("serviceAccountId")
					.or(() -> operation.responseString("id"))
					.orElseThrow(() -> new IllegalStateException("operation " + operation.id()
							+ " finished without a service account id"));
				state.chooseServiceAccount(id, pending.serviceAccountName());
			}
			case GRANT_ROLES -> state.rolesGranted(pending.roles());
		}
	}

	// 5 and 6. The key

	LocalDate recommendedExpiry() {
		return LocalDate.now(this.clock).plusDays(this.properties.defaultKeyLifetime().toDays());
	}

	LocalDate latestExpiry() {
		return LocalDate.now(this.clock).plusDays(this.properties.maxKeyLifetime().toDays());
	}

	LocalDate today() {
		return LocalDate.now(this.clock);
	}

	/**
	 * Creates the API key. The caller holds the session's lock and has checked that no key was issued yet. The
	 * returned secret must go to the one response that shows it, and nowhere else.
	 */
	CreatedApiKey issueKey(IamToken token, WizardState state) {
		Instant expiresAt = (state.expiresOn() != null) ? state.expiresOn().atStartOfDay(ZoneOffset.UTC).toInstant()
				: null;
		List<String> scopes = state.scopes().stream().map(KeyScope::id).toList();
		String key = state.idempotencyKey("key:" + state.serviceAccountId() + ":" + scopes + ":" + expiresAt + ":"
				+ state.keyDescription());
		CreatedApiKey created = this.apiKeys
			.create(token, new CreateApiKeyRequest(state.serviceAccountId(), state.keyDescription(), scopes, expiresAt),
					key)
			.block();
		state.keyIssued(new IssuedKey(created.apiKey().id(), state.serviceAccountId(), state.serviceAccountName(),
				state.folderId(), EnumSet.copyOf(state.scopes()), created.apiKey().expiresAt(), this.clock.instant(),
				created.apiKey().maskedSecret()));
		return created;
	}

	/**
	 * Whether {@code secret} can be the secret of the key this run issued: API-key characters only, and, when the
	 * cloud told us the key's masked form ({@code ****} and its last characters), the same last characters. Anything
	 * else is refused without a call, so the verification never tries keys the wizard did not make.
	 */
	static boolean couldBeIssuedSecret(String secret, IssuedKey key) {
		if (secret == null || secret.length() < 20 || secret.length() > 512
				|| !SECRET_CHARACTERS.matcher(secret).matches()) {
			return false;
		}
		String masked = (key != null) ? key.maskedSecret() : null;
		String visible = (masked != null) ? masked.replaceFirst("^\\*+", "") : "";
		return visible.isEmpty() || secret.endsWith(visible);
	}

	private static final java.util.regex.Pattern SECRET_CHARACTERS = java.util.regex.Pattern
		.compile("[A-Za-z0-9_.\\-]+");

	/** One tokenize call with the new key: the cheapest proof that key, scope and role all work. */
	Verification verify(String secret, WizardState state) {
		if (state.verifyStartedAt() == null) {
			state.verifyStartedAt(this.clock.instant());
		}
		IssuedKey key = state.issuedKey();
		try {
			this.foundationModels.tokenizeWithApiKey(secret, key.folderId(), modelUri(key.folderId()), "ping").block();
			return new Verification(Verification.State.SUCCESS, null);
		}
		catch (CloudException ex) {
			boolean propagating = ex instanceof CloudException.PermissionDeniedException
					|| ex instanceof CloudException.UnauthenticatedException
					|| ex instanceof CloudException.UnavailableException;
			boolean inTime = this.clock.instant()
				.isBefore(state.verifyStartedAt().plus(this.properties.verifyTimeout()));
			if (propagating && inTime) {
				return new Verification(Verification.State.PENDING, ex);
			}
			return new Verification(Verification.State.FAILURE, ex);
		}
	}

	static String modelUri(String folderId) {
		return "gpt://" + folderId + "/" + VERIFY_MODEL;
	}

	record Verification(State state, CloudException cause) {

		enum State {

			PENDING, SUCCESS, FAILURE

		}

	}

}
