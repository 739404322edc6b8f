package dev.aikeywizard.keys;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.aikeywizard.cloud.AccessBinding;
import dev.aikeywizard.cloud.ApiKey;
import dev.aikeywizard.cloud.ApiKeyApi;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.ResourceManagerApi;
import dev.aikeywizard.cloud.ServiceAccount;
import dev.aikeywizard.cloud.ServiceAccountApi;
import dev.aikeywizard.wizard.IssuePolicy;
import dev.aikeywizard.wizard.Upstream;

import org.springframework.stereotype.Service;

/**
 * What My keys lists for a folder, read with the caller's credentials: the folder's service accounts and role
 * bindings (one paged read each) and the keys of every service account (one paged read each). A service account is
 * listed when it holds a Foundation Models role ({@code ai.*}) on the folder or has keys.
 */
@Service
public class KeyInventory {

	private final ServiceAccountApi serviceAccounts;

	private final ResourceManagerApi resourceManager;

	private final ApiKeyApi apiKeys;

	private final Upstream upstream;

	private final Clock clock;

	private final IssuePolicy policy;

	KeyInventory(ServiceAccountApi serviceAccounts, ResourceManagerApi resourceManager, ApiKeyApi apiKeys,
			Upstream upstream, Clock clock, IssuePolicy policy) {
		this.policy = policy;
		this.serviceAccounts = serviceAccounts;
		this.resourceManager = resourceManager;
		this.apiKeys = apiKeys;
		this.upstream = upstream;
		this.clock = clock;
	}

	/**
	 * The folder's service accounts worth listing that the user may manage (in portal mode their own only), by name,
	 * each with its keys (newest first).
	 */
	public List<AccountKeys> folder(IamToken token, String userId, String folderId) {
		List<ServiceAccount> accounts = this.upstream.await(this.serviceAccounts.list(token, folderId));
		List<AccessBinding> bindings = this.upstream.await(this.resourceManager.listFolderAccessBindings(token, folderId));
		Map<String, List<String>> aiRoles = bindings.stream()
			.filter((b) -> b.subject() != null && "serviceAccount".equals(b.subject().type()))
			.filter((b) -> b.roleId() != null && b.roleId().startsWith("ai."))
			.collect(Collectors.groupingBy((b) -> b.subject().id(),
					Collectors.mapping(AccessBinding::roleId, Collectors.toList())));
		Instant now = this.clock.instant();
		List<AccountKeys> listed = new ArrayList<>();
		for (ServiceAccount account : accounts) {
			if (!this.policy.managesAccount(account, userId)) {
				continue;
			}
			List<ApiKey> keys = this.upstream.await(this.apiKeys.list(token, account.id()));
			List<String> roles = aiRoles.getOrDefault(account.id(), List.of()).stream().distinct().sorted().toList();
			if (keys.isEmpty() && roles.isEmpty()) {
				continue;
			}
			List<KeyRow> rows = keys.stream()
				.sorted(Comparator.comparing(ApiKey::createdAt, Comparator.nullsLast(Comparator.reverseOrder())))
				.map((key) -> KeyRow.of(key, now))
				.toList();
			listed.add(new AccountKeys(account, roles, rows));
		}
		listed.sort(Comparator.comparing((AccountKeys a) -> String.valueOf(a.account().name())));
		return listed;
	}

}
