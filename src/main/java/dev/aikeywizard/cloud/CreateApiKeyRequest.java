package dev.aikeywizard.cloud;

import java.time.Instant;
import java.util.List;

/** {@code expiresAt} may be null: the key then never expires. */
public record CreateApiKeyRequest(String serviceAccountId, String description, List<String> scopes,
		Instant expiresAt) {
}
