package dev.aikeywizard.wizard.roles;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.aikeywizard.cloud.AccessBinding;
import dev.aikeywizard.cloud.AccessBindingDelta;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.Operation;
import dev.aikeywizard.cloud.ResourceManagerApi;
import dev.aikeywizard.wizard.FoundationRole;
import dev.aikeywizard.wizard.IssuePolicy;
import dev.aikeywizard.wizard.OperationTracker;
import dev.aikeywizard.wizard.Upstream;
import dev.aikeywizard.wizard.WizardProperties;
import dev.aikeywizard.wizard.WizardRun;

import org.springframework.stereotype.Service;

/** Reads the roles the run's service account holds on its folder, and grants the missing ones. */
@Service
public class RoleGrants {

	private final ResourceManagerApi resourceManager;

	private final OperationTracker operations;

	private final Upstream upstream;

	private final WizardProperties properties;

	private final Clock clock;

	private final IssuePolicy policy;

	RoleGrants(ResourceManagerApi resourceManager, OperationTracker operations, Upstream upstream,
			WizardProperties properties, Clock clock, IssuePolicy policy) {
		this.policy = policy;
		this.resourceManager = resourceManager;
		this.operations = operations;
		this.upstream = upstream;
		this.properties = properties;
		this.clock = clock;
	}

	/** The Foundation Models roles the run's service account holds on the run's folder. */
	public Set<FoundationRole> bound(IamToken token, WizardRun run) {
		List<AccessBinding> bindings = this.upstream
			.await(this.resourceManager.listFolderAccessBindings(token, run.folderId()));
		EnumSet<FoundationRole> bound = EnumSet.noneOf(FoundationRole.class);
		for (AccessBinding binding : bindings) {
			if (binding.subject() != null && run.serviceAccountId().equals(binding.subject().id())
					&& "serviceAccount".equals(binding.subject().type())) {
				FoundationRole.ofId(binding.roleId()).ifPresent(bound::add);
			}
		}
		return bound;
	}

	/**
	 * The Foundation Models roles the run's service account holds, without a call when this run created the account
	 * (a new account holds only what this run granted it); read from the folder otherwise.
	 */
	public Set<FoundationRole> held(IamToken token, WizardRun run) {
		if (run.serviceAccountNew()) {
			return run.rolesDone() ? run.roles() : EnumSet.noneOf(FoundationRole.class);
		}
		return bound(token, run);
	}

	/**
	 * Grants the wanted roles not yet bound (with the run's idempotency key for this folder, account and roles);
	 * when all are bound already the step is done at once.
	 */
	public void grant(IamToken token, WizardRun run, Set<FoundationRole> wanted, Set<FoundationRole> bound) {
		this.policy.requireRoles(wanted);
		EnumSet<FoundationRole> missing = EnumSet.noneOf(FoundationRole.class);
		missing.addAll(wanted);
		missing.removeAll(bound);
		EnumSet<FoundationRole> all = EnumSet.noneOf(FoundationRole.class);
		all.addAll(bound);
		all.addAll(wanted);
		if (missing.isEmpty()) {
			run.rolesGranted(all);
			return;
		}
		List<AccessBindingDelta> deltas = missing.stream()
			.map((role) -> AccessBindingDelta.add(role.id(),
					AccessBinding.Subject.serviceAccount(run.serviceAccountId())))
			.toList();
		String key = run.idempotencyKey("roles", run.folderId(), run.serviceAccountId(), missing);
		Operation operation = this.upstream
			.await(this.resourceManager.updateFolderAccessBindings(token, run.folderId(), deltas, key));
		run.rolesGranting(operation.id(), all, this.clock.instant(), this.properties.operationDeadline());
		if (operation.done()) {
			this.operations.apply(run, operation);
		}
	}

}
