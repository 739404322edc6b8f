package dev.aikeywizard.keys;

import java.util.ArrayList;
import java.util.List;

import dev.aikeywizard.cloud.Cloud;
import dev.aikeywizard.cloud.Folder;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.ResourceManagerApi;
import dev.aikeywizard.wizard.IssuePolicy;
import dev.aikeywizard.wizard.Upstream;

import org.springframework.stereotype.Service;

/** The folders My keys offers: every ACTIVE folder of every cloud the user can read, one paged read per list. */
@Service
public class KeyFolders {

	private final ResourceManagerApi resourceManager;

	private final Upstream upstream;

	private final IssuePolicy policy;

	KeyFolders(ResourceManagerApi resourceManager, Upstream upstream, IssuePolicy policy) {
		this.policy = policy;
		this.resourceManager = resourceManager;
		this.upstream = upstream;
	}

	/** A folder to choose, with its cloud's name. */
	public record Choice(String cloudName, String folderId, String folderName) {
	}

	public List<Choice> choices(IamToken token) {
		List<Choice> choices = new ArrayList<>();
		for (Cloud cloud : this.upstream.await(this.resourceManager.listClouds(token))) {
			for (Folder folder : this.upstream.await(this.resourceManager.listFolders(token, cloud.id()))) {
				if (folder.isActive() && this.policy.allowsFolder(folder.id())) {
					choices.add(new Choice(cloud.name(), folder.id(), folder.name()));
				}
			}
		}
		return choices;
	}

}
