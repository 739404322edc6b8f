package dev.aikeywizard.cloud;

import java.util.List;

import reactor.core.publisher.Mono;

/** Resource Manager: {@code resource-manager.api.cloud.yandex.net/resource-manager/v1}. Lists follow every page. */
public class ResourceManagerApi {

	public Mono<List<Cloud>> listClouds(IamToken token) {
		throw new UnsupportedOperationException("not written yet");
	}

	public Mono<List<Folder>> listFolders(IamToken token, String cloudId) {
		throw new UnsupportedOperationException("not written yet");
	}

	public Mono<Folder> getFolder(IamToken token, String folderId) {
		throw new UnsupportedOperationException("not written yet");
	}

	public Mono<List<AccessBinding>> listFolderAccessBindings(IamToken token, String folderId) {
		throw new UnsupportedOperationException("not written yet");
	}

	/** {@code POST folders/{id}:updateAccessBindings}; returns the (possibly not yet done) operation. */
	public Mono<Operation> updateFolderAccessBindings(IamToken token, String folderId, List<AccessBindingDelta> deltas,
			String idempotencyKey) {
		throw new UnsupportedOperationException("not written yet");
	}

}
