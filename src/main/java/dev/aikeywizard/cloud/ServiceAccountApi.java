package dev.aikeywizard.cloud;

import java.util.List;

import reactor.core.publisher.Mono;

/** IAM service accounts: {@code iam.api.cloud.yandex.net/iam/v1/serviceAccounts}. */
public class ServiceAccountApi {

	public Mono<Operation> create(IamToken token, CreateServiceAccountRequest request, String idempotencyKey) {
		throw new UnsupportedOperationException("not written yet");
	}

	public Mono<ServiceAccount> get(IamToken token, String serviceAccountId) {
		throw new UnsupportedOperationException("not written yet");
	}

	public Mono<List<ServiceAccount>> list(IamToken token, String folderId) {
		throw new UnsupportedOperationException("not written yet");
	}

	public Mono<Operation> delete(IamToken token, String serviceAccountId, String idempotencyKey) {
		throw new UnsupportedOperationException("not written yet");
	}

}
