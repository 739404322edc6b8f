package dev.aikeywizard.cloud;

import java.time.Instant;
import java.util.List;

/** An API key as listed: never carries the secret. */
public record ApiKey(String id, String serviceAccountId, String description, List<String> scopes, Instant createdAt,
		Instant expiresAt, String maskedSecret) {
}
