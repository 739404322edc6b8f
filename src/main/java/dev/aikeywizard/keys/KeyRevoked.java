package dev.aikeywizard.keys;

/**
 * A key was deleted. Never carries a secret.
 *
 * @param userId the Yandex user id of who revoked it
 * @param maskedSecret the key's masked ending, e.g. {@code ****a1B2c3}
 */
public record KeyRevoked(String userId, String folderId, String serviceAccountId, String keyId,
		String maskedSecret) {
}
