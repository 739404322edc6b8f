package dev.aikeywizard.keys;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;

/**
 * One "rotate this key" the user was offered: fixed when the rotate page was rendered, so a double submit or Retry
 * sends the same Idempotency-Key and the same body and makes one successor. Kept in the HTTP session (so any instance
 * behind the balancer finds it) and holds no secret: once the successor exists only its id is kept. Use while holding
 * its monitor.
 *
 * @param expiresAt the successor's expiry, fixed on the rotate page (the wizard's recommended lifetime)
 */
final class RotationIntent implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	final String id;

	final String userId;

	final String folderId;

	final String oldKeyId;

	final String idempotencyKey;

	final Instant expiresAt;

	final Instant offeredAt;

	private String successorId;

	RotationIntent(String id, String userId, String folderId, String oldKeyId, String idempotencyKey,
			Instant expiresAt, Instant offeredAt) {
		this.id = id;
		this.userId = userId;
		this.folderId = folderId;
		this.oldKeyId = oldKeyId;
		this.idempotencyKey = idempotencyKey;
		this.expiresAt = expiresAt;
		this.offeredAt = offeredAt;
	}

	synchronized String successorId() {
		return this.successorId;
	}

	synchronized void successorId(String successorId) {
		this.successorId = successorId;
	}

}
