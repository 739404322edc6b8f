package dev.aikeywizard.keys;

import java.time.Instant;

import dev.aikeywizard.cloud.ApiKey;

/**
 * One "rotate this key" the user was offered: fixed when the rotate page was rendered, so a double submit or Retry
 * sends the same Idempotency-Key and the same body and makes one successor. Holds no secret: once the successor
 * exists only its listing (id, masked ending) is kept. Use while holding its monitor.
 *
 * @param expiresAt the successor's expiry, fixed on the rotate page (the wizard's recommended lifetime)
 */
final class RotationIntent {

	final String id;

	final String userId;

	final String folderId;

	final String oldKeyId;

	final String idempotencyKey;

	final Instant expiresAt;

	private ApiKey successor;

	RotationIntent(String id, String userId, String folderId, String oldKeyId, String idempotencyKey,
			Instant expiresAt) {
		this.id = id;
		this.userId = userId;
		this.folderId = folderId;
		this.oldKeyId = oldKeyId;
		this.idempotencyKey = idempotencyKey;
		this.expiresAt = expiresAt;
	}

	synchronized ApiKey successor() {
		return this.successor;
	}

	synchronized void successor(ApiKey successor) {
		this.successor = successor;
	}

}
