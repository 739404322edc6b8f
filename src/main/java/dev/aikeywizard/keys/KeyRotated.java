package dev.aikeywizard.keys;

import java.time.Instant;

/**
 * A successor key was made for an existing one (the old key still works until revoked). Never carries a secret.
 *
 * @param userId the Yandex user id of who rotated it
 * @param successorMaskedSecret the new key's masked ending, e.g. {@code ****a1B2c3}
 * @param expiresAt the successor's expiry, {@code null} when it never expires
 */
public record KeyRotated(String userId, String folderId, String serviceAccountId, String oldKeyId,
		String successorKeyId, String successorMaskedSecret, Instant expiresAt) {
}
