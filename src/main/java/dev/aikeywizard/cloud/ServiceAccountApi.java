package dev.aikeywizard.cloud;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;

/** IAM service accounts: {@code iam.api.cloud.yandex.net/iam/v1/serviceAccounts}. */
public class ServiceAccountApi {

	private final CloudHttp http;

	ServiceAccountApi(CloudHttp http) {
		this.http = http;
	}

	public Mono<Operation> create(IamToken token, CreateServiceAccountRequest request, String idempotencyKey) {
		return this.http.call(
				CloudHttp.Call.mutate(HttpMethod.POST, "/iam/v1/serviceAccounts", request, token, idempotencyKey),
				Operation.class);
	}

	public Mono<ServiceAccount> get(IamToken token, String serviceAccountId) {
		return this.http.call(CloudHttp.Call.get("/iam/v1/serviceAccounts/" + serviceAccountId, token),
				ServiceAccount.class);
	}

	public Mono<List<ServiceAccount>> list(IamToken token, String folderId) {
		return this.http.list(CloudHttp.Call.get("/iam/v1/serviceAccounts", token).query(Map.of("folderId", folderId)),
				CloudWire.ServiceAccountPage.class, CloudWire.ServiceAccountPage::serviceAccounts,
				CloudWire.ServiceAccountPage::nextPageToken);
	}

	public Mono<Operation> delete(IamToken token, String serviceAccountId, String idempotencyKey) {
		return this.http.call(CloudHttp.Call.mutate(HttpMethod.DELETE, "/iam/v1/serviceAccounts/" + serviceAccountId,
				null, token, idempotencyKey), Operation.class);
	}

}
