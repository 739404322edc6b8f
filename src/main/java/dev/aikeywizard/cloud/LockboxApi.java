package dev.aikeywizard.cloud;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;

/**
 * Lockbox: secrets on {@code lockbox.api.cloud.yandex.net/lockbox/v1/secrets} (create returns an Operation whose
 * metadata names the secret), their payload on a host of its own,
 * {@code payload.lockbox.api.cloud.yandex.net/lockbox/v1/secrets/{id}/payload}.
 */
public class LockboxApi {

	private final CloudHttp secrets;

	private final CloudHttp payloads;

	LockboxApi(CloudHttp secrets, CloudHttp payloads) {
		this.secrets = secrets;
		this.payloads = payloads;
	}

	/** Creates the secret with its first version; needs {@code lockbox.editor} on the folder. */
	public Mono<Operation> create(IamToken token, CreateLockboxSecretRequest request, String idempotencyKey) {
		return this.secrets.call(
				CloudHttp.Call.mutate(HttpMethod.POST, "/lockbox/v1/secrets", request, token, idempotencyKey),
				Operation.class);
	}

	public Mono<LockboxSecret> get(IamToken token, String secretId) {
		return this.secrets.call(CloudHttp.Call.get("/lockbox/v1/secrets/" + secretId, token), LockboxSecret.class);
	}

	/** The current version's payload; needs {@code lockbox.payloadViewer}. */
	public Mono<LockboxPayload> payload(IamToken token, String secretId) {
		return this.payloads.call(CloudHttp.Call.get("/lockbox/v1/secrets/" + secretId + "/payload", token),
				LockboxPayload.class);
	}

	/** The secret id an operation of {@link #create} names: its metadata's {@code secretId}, else the response's id. */
	public static String secretId(Operation operation) {
		Object id = (operation.metadata() != null) ? operation.metadata().get("secretId") : null;
		if (id == null && operation.response() != null) {
			id = operation.response().get("id");
		}
		return (id != null) ? id.toString() : null;
	}

}
