package dev.aikeywizard.cloud;

import java.time.Instant;
import java.util.List;

/**
 * An API key as listed: never carries the secret.
 *
 * @param expiresAt {@code null} for a key that never expires
 * @param lastUsedAt {@code null} for a key never used (the server leaves the field out)
 */
public record ApiKey(String id, String serviceAccountId, String description, List<String> scopes, Instant createdAt,
		Instant expiresAt, String maskedSecret, Instant lastUsedAt) {

	public ApiKey {
		scopes = (scopes != null) ? List.copyOf(scopes) : List.of();
	}

	/** A key never used. */
	public ApiKey(String id, String serviceAccountId, String description, List<String> scopes, Instant createdAt,
			Instant expiresAt, String maskedSecret) {
		this(id, serviceAccountId, description, scopes, createdAt, expiresAt, maskedSecret, null);
	}

}
