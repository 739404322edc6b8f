package dev.aikeywizard.wizard.folder;

import java.util.List;
import java.util.Optional;

import dev.aikeywizard.cloud.Cloud;
import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.Folder;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.ResourceManagerApi;
import dev.aikeywizard.wizard.InvalidChoiceException;
import dev.aikeywizard.wizard.IssuePolicy;
import dev.aikeywizard.wizard.KnownFolder;
import dev.aikeywizard.wizard.PolicyException;
import dev.aikeywizard.wizard.ResourceIds;
import dev.aikeywizard.wizard.Upstream;
import dev.aikeywizard.wizard.WizardRun;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * The user's clouds and ACTIVE folders (read once per run and kept with it), and the check of a chosen folder against
 * the cloud (never the form).
 */
@Service
public class Folders {

	private final ResourceManagerApi resourceManager;

	private final Upstream upstream;

	private final IssuePolicy policy;

	Folders(ResourceManagerApi resourceManager, Upstream upstream, IssuePolicy policy) {
		this.resourceManager = resourceManager;
		this.upstream = upstream;
		this.policy = policy;
	}

	List<Cloud> clouds(IamToken token) {
		return this.upstream.await(this.resourceManager.listClouds(token));
	}

	/** The user's clouds as read with billing and kept with the run, or read now for a run that has none. */
	List<Cloud> clouds(IamToken token, WizardRun run) {
		return run.cloudNames()
			.map((names) -> names.entrySet()
				.stream()
				.map((e) -> new Cloud(e.getKey(), e.getValue(), null, null, null))
				.toList())
			.orElseGet(() -> clouds(token));
	}

	/** The ACTIVE folders of a cloud kept with the run, if this run read them already. */
	static Optional<List<Folder>> known(WizardRun run, String cloudId) {
		return run.knownFolders(cloudId)
			.map((list) -> list.stream()
				.map((f) -> new Folder(f.id(), f.cloudId(), f.name(), null, "ACTIVE", null))
				.toList());
	}

	/** What the run keeps of folders just read. */
	public static List<KnownFolder> toKnown(List<Folder> active) {
		return active.stream().map((f) -> new KnownFolder(f.id(), f.cloudId(), f.name())).toList();
	}

	List<Folder> activeFolders(IamToken token, String cloudId) {
		return this.upstream.await(readActiveFolders(token, cloudId));
	}

	/** The ACTIVE folders of a cloud that the policy allows keys in, as a call to compose with others. */
	public Mono<List<Folder>> readActiveFolders(IamToken token, String cloudId) {
		return this.resourceManager.listFolders(token, cloudId)
			.map((all) -> all.stream()
				.filter(Folder::isActive)
				.filter((folder) -> this.policy.allowsFolder(folder.id()))
				.toList());
	}

	/**
	 * The folder, read from the cloud, when it is an ACTIVE folder of a usable cloud of the run.
	 * @throws InvalidChoiceException otherwise (nothing changes)
	 */
	public Folder check(IamToken token, WizardRun run, String cloudId, String folderId) {
		if (run.billing() == null || !run.billing().usable(cloudId)) {
			throw new InvalidChoiceException("cloudId", "error.cloud.notBillable");
		}
		if (!ResourceIds.isResourceId(folderId)) {
			throw new InvalidChoiceException("folderId", "error.folder.unknown");
		}
		if (!this.policy.allowsFolder(folderId)) {
			throw new PolicyException("policy.folder", folderId);
		}
		// A folder this run read as ACTIVE in that cloud a moment ago (the cloud step's list) needs no second read.
		java.util.Optional<Folder> seen = known(run, cloudId)
			.flatMap((list) -> list.stream().filter((f) -> f.id().equals(folderId)).findFirst());
		if (seen.isPresent()) {
			return seen.get();
		}
		Folder folder;
		try {
			folder = this.upstream.await(this.resourceManager.getFolder(token, folderId));
		}
		catch (CloudException.NotFoundException | CloudException.PermissionDeniedException
				| CloudException.InvalidArgumentException ex) {
			throw new InvalidChoiceException("folderId", "error.folder.unknown");
		}
		if (!cloudId.equals(folder.cloudId()) || !folder.isActive()) {
			throw new InvalidChoiceException("folderId", "error.folder.unknown");
		}
		return folder;
	}

}
