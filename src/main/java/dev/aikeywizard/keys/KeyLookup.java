package dev.aikeywizard.keys;

import dev.aikeywizard.cloud.ApiKey;
import dev.aikeywizard.cloud.ApiKeyApi;
import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.ServiceAccount;
import dev.aikeywizard.cloud.ServiceAccountApi;
import dev.aikeywizard.wizard.IssuePolicy;
import dev.aikeywizard.wizard.ResourceIds;
import dev.aikeywizard.wizard.Upstream;

import org.springframework.stereotype.Service;

/**
 * Reads a key the user names (by id, in a folder) from the cloud before anything is done to it: an id that is not a
 * key of a service account of that folder, or one the user may not see, is refused with a 4xx and nothing changes.
 */
@Service
public class KeyLookup {

	private final ApiKeyApi apiKeys;

	private final ServiceAccountApi serviceAccounts;

	private final Upstream upstream;

	private final IssuePolicy policy;

	KeyLookup(ApiKeyApi apiKeys, ServiceAccountApi serviceAccounts, Upstream upstream, IssuePolicy policy) {
		this.policy = policy;
		this.apiKeys = apiKeys;
		this.serviceAccounts = serviceAccounts;
		this.upstream = upstream;
	}

	/**
	 * @throws KeyRefusedException 400 for a malformed id, 404 for a key that is not in the folder (or unknown), 403
	 * for a key whose service account the user may not see (in portal mode: one the desk did not make for them)
	 */
	public OwnedKey find(IamToken token, String userId, String folderId, String keyId) {
		if (!ResourceIds.isResourceId(folderId)) {
			throw new KeyRefusedException(400, "keys.refused.folder");
		}
		if (!ResourceIds.isResourceId(keyId)) {
			throw new KeyRefusedException(400, "keys.refused.keyId");
		}
		try {
			ApiKey key = this.upstream.await(this.apiKeys.get(token, keyId));
			ServiceAccount account = this.upstream.await(this.serviceAccounts.get(token, key.serviceAccountId()));
			if (!folderId.equals(account.folderId())) {
				throw new KeyRefusedException(404, "keys.refused.notInFolder", keyId, folderId);
			}
			if (!this.policy.managesAccount(account, userId)) {
				throw new KeyRefusedException(403, "keys.refused.hidden", keyId);
			}
			return new OwnedKey(folderId, account, key);
		}
		catch (CloudException.NotFoundException ex) {
			throw new KeyRefusedException(404, "keys.refused.notInFolder", keyId, folderId);
		}
		catch (CloudException.PermissionDeniedException ex) {
			throw new KeyRefusedException(403, "keys.refused.hidden", keyId);
		}
	}

}
