package dev.aikeywizard.keys;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.aikeywizard.cloud.ApiKeyApi;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.Operation;
import dev.aikeywizard.cloud.OperationApi;
import dev.aikeywizard.cloud.UpdateApiKeyRequest;
import dev.aikeywizard.wizard.Upstream;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Extend or shorten a key's expiry, change its scopes: one {@code PATCH /iam/v1/apiKeys/{id}} naming only what
 * changes in its update mask, polled to the end; the secret stays the same. Publishes {@link KeyExpiryChanged} and
 * {@link KeyScopesChanged} for what did change.
 */
@Service
public class KeyChange {

	private final ApiKeyApi apiKeys;

	private final OperationApi operations;

	private final Upstream upstream;

	private final ApplicationEventPublisher events;

	KeyChange(ApiKeyApi apiKeys, OperationApi operations, Upstream upstream, ApplicationEventPublisher events) {
		this.apiKeys = apiKeys;
		this.operations = operations;
		this.upstream = upstream;
		this.events = events;
	}

	/**
	 * @param formId the id the edit form was rendered with: a double submit of one form sends one change, while the
	 * same values chosen again later (extend, shorten, extend back) are a new change, not a replay of the first
	 * @param expiresAt the new expiry (validated by the caller), {@code null} to keep it
	 * @param scopes the new scopes (validated by the caller), {@code null} to keep them
	 * @return whether anything was sent (false when both are what the key has)
	 */
	public boolean change(String userId, IamToken token, OwnedKey owned, String formId, Instant expiresAt,
			List<String> scopes) {
		Instant newExpiry = Objects.equals(expiresAt, owned.key().expiresAt()) ? null : expiresAt;
		List<String> newScopes = (scopes == null || scopes.equals(owned.key().scopes())) ? null : scopes;
		if (newExpiry == null && newScopes == null) {
			return false;
		}
		UpdateApiKeyRequest request = UpdateApiKeyRequest.of(null, newScopes, newExpiry);
		String idempotencyKey = UUID.nameUUIDFromBytes(("keys:update:" + userId + ":" + owned.key().id() + ":" + formId + ":"
				+ request.updateMask()
				+ ":" + newExpiry + ":" + newScopes).getBytes(StandardCharsets.UTF_8)).toString();
		Operation started = this.upstream.await(this.apiKeys.update(token, owned.key().id(), request, idempotencyKey));
		this.upstream.await(this.operations.awaitDone(token, started));
		if (newExpiry != null) {
			this.events.publishEvent(new KeyExpiryChanged(userId, owned.folderId(), owned.account().id(),
					owned.key().id(), owned.key().maskedSecret(), owned.key().expiresAt(), newExpiry));
		}
		if (newScopes != null) {
			this.events.publishEvent(new KeyScopesChanged(userId, owned.folderId(), owned.account().id(),
					owned.key().id(), owned.key().maskedSecret(), owned.key().scopes(), newScopes));
		}
		return true;
	}

}
