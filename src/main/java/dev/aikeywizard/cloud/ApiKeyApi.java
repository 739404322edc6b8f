package dev.aikeywizard.cloud;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;

/** IAM API keys: {@code iam.api.cloud.yandex.net/iam/v1/apiKeys}. Create is synchronous. */
public class ApiKeyApi {

	private final CloudHttp http;

	ApiKeyApi(CloudHttp http) {
		this.http = http;
	}

	/** The answer carries the secret: the only time it exists. */
	public Mono<CreatedApiKey> create(IamToken token, CreateApiKeyRequest request, String idempotencyKey) {
		return this.http.call(CloudHttp.Call.mutate(HttpMethod.POST, "/iam/v1/apiKeys", request, token, idempotencyKey),
				CreatedApiKey.class);
	}

	/** Every key of the service account, all pages followed. */
	public Mono<List<ApiKey>> list(IamToken token, String serviceAccountId) {
		return this.http.list(
				CloudHttp.Call.get("/iam/v1/apiKeys", token).query(Map.of("serviceAccountId", serviceAccountId)),
				CloudWire.ApiKeyPage.class, CloudWire.ApiKeyPage::apiKeys, CloudWire.ApiKeyPage::nextPageToken);
	}

	/** ApiKeyService.ListScopes: every scope a key may be given, all pages. */
	public Mono<List<String>> listScopes(IamToken token) {
		return this.http.list(CloudHttp.Call.get("/iam/v1/apiKeyScopes", token), CloudWire.ApiKeyScopePage.class,
				CloudWire.ApiKeyScopePage::scopes, CloudWire.ApiKeyScopePage::nextPageToken);
	}

	public Mono<ApiKey> get(IamToken token, String apiKeyId) {
		return this.http.call(CloudHttp.Call.get("/iam/v1/apiKeys/" + apiKeyId, token), ApiKey.class);
	}

	/**
	 * {@code PATCH /iam/v1/apiKeys/{id}} with an update mask: description, scopes and expiry change in place, the
	 * secret stays. Returns the operation (its response is the updated ApiKey).
	 */
	public Mono<Operation> update(IamToken token, String apiKeyId, UpdateApiKeyRequest request,
			String idempotencyKey) {
		return this.http.call(
				CloudHttp.Call.mutate(HttpMethod.PATCH, "/iam/v1/apiKeys/" + apiKeyId, request, token, idempotencyKey),
				Operation.class);
	}

	/** {@code DELETE /iam/v1/apiKeys/{id}}: an operation whose response is Empty. */
	public Mono<Operation> delete(IamToken token, String apiKeyId, String idempotencyKey) {
		return this.http.call(
				CloudHttp.Call.mutate(HttpMethod.DELETE, "/iam/v1/apiKeys/" + apiKeyId, null, token, idempotencyKey),
				Operation.class);
	}

}
