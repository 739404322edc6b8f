package dev.aikeywizard.cloud;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;

/** Resource Manager: {@code resource-manager.api.cloud.yandex.net/resource-manager/v1}. Lists follow every page. */
public class ResourceManagerApi {

	private final CloudHttp http;

	ResourceManagerApi(CloudHttp http) {
		this.http = http;
	}

	public Mono<List<Cloud>> listClouds(IamToken token) {
		return this.http.list(CloudHttp.Call.get("/resource-manager/v1/clouds", token), CloudWire.CloudPage.class,
				CloudWire.CloudPage::clouds, CloudWire.CloudPage::nextPageToken);
	}

	public Mono<List<Folder>> listFolders(IamToken token, String cloudId) {
		return this.http.list(CloudHttp.Call.get("/resource-manager/v1/folders", token).query(Map.of("cloudId", cloudId)),
				CloudWire.FolderPage.class, CloudWire.FolderPage::folders, CloudWire.FolderPage::nextPageToken);
	}

	public Mono<Folder> getFolder(IamToken token, String folderId) {
		return this.http.call(CloudHttp.Call.get("/resource-manager/v1/folders/" + folderId, token), Folder.class);
	}

	public Mono<List<AccessBinding>> listFolderAccessBindings(IamToken token, String folderId) {
		return this.http.list(
				CloudHttp.Call.get("/resource-manager/v1/folders/" + folderId + ":listAccessBindings", token),
				CloudWire.AccessBindingPage.class, CloudWire.AccessBindingPage::accessBindings,
				CloudWire.AccessBindingPage::nextPageToken);
	}

	/** {@code POST folders/{id}:updateAccessBindings}; returns the (possibly not yet done) operation. */
	public Mono<Operation> updateFolderAccessBindings(IamToken token, String folderId, List<AccessBindingDelta> deltas,
			String idempotencyKey) {
		return this.http.call(CloudHttp.Call.mutate(HttpMethod.POST,
				"/resource-manager/v1/folders/" + folderId + ":updateAccessBindings",
				new CloudWire.UpdateAccessBindingsRequest(deltas), token, idempotencyKey), Operation.class);
	}

}
