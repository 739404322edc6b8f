package dev.aikeywizard.keys;

import java.time.Instant;

/**
 * A key's expiry was extended or shortened in place (same secret). Never carries a secret.
 *
 * @param userId the Yandex user id of who changed it
 * @param previousExpiresAt {@code null} when the key did not expire before
 */
public record KeyExpiryChanged(String userId, String folderId, String serviceAccountId, String keyId,
		String maskedSecret, Instant previousExpiresAt, Instant expiresAt) {
}
