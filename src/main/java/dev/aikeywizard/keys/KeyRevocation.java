package dev.aikeywizard.keys;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.aikeywizard.cloud.ApiKeyApi;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.Operation;
import dev.aikeywizard.cloud.OperationApi;
import dev.aikeywizard.wizard.Upstream;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Revoke: {@code DELETE /iam/v1/apiKeys/{id}}, its operation polled to the end, then {@link KeyRevoked}. The
 * Idempotency-Key is named after the key, so a double submit or a Retry deletes once.
 */
@Service
public class KeyRevocation {

	private final ApiKeyApi apiKeys;

	private final OperationApi operations;

	private final Upstream upstream;

	private final ApplicationEventPublisher events;

	KeyRevocation(ApiKeyApi apiKeys, OperationApi operations, Upstream upstream, ApplicationEventPublisher events) {
		this.apiKeys = apiKeys;
		this.operations = operations;
		this.upstream = upstream;
		this.events = events;
	}

	public void revoke(String userId, IamToken token, OwnedKey owned) {
		String idempotencyKey = UUID
			.nameUUIDFromBytes(("keys:revoke:" + owned.key().id()).getBytes(StandardCharsets.UTF_8))
			.toString();
		Operation started = this.upstream.await(this.apiKeys.delete(token, owned.key().id(), idempotencyKey));
		this.upstream.await(this.operations.awaitDone(token, started));
		this.events.publishEvent(new KeyRevoked(userId, owned.folderId(), owned.account().id(), owned.key().id(),
				owned.key().maskedSecret()));
	}

}
