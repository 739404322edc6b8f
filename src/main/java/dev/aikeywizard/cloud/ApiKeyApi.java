package dev.aikeywizard.cloud;

import java.util.List;

import reactor.core.publisher.Mono;

/** IAM API keys: {@code iam.api.cloud.yandex.net/iam/v1/apiKeys}. Create is synchronous. */
public class ApiKeyApi {

	public Mono<CreatedApiKey> create(IamToken token, CreateApiKeyRequest request, String idempotencyKey) {
		throw new UnsupportedOperationException("not written yet");
	}

	public Mono<List<ApiKey>> list(IamToken token, String serviceAccountId) {
		throw new UnsupportedOperationException("not written yet");
	}

	public Mono<Operation> delete(IamToken token, String apiKeyId, String idempotencyKey) {
		throw new UnsupportedOperationException("not written yet");
	}

}
