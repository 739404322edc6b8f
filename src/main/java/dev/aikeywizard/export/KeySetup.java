package dev.aikeywizard.export;

import java.time.Instant;
import java.util.List;

/**
 * A key's setup without its secret: the folder, the service account, the roles it holds there, and the key's scopes,
 * expiry and description. What the exports are made of.
 *
 * @param serviceAccountId the account's id where it exists ({@code null} for a setup not yet applied)
 * @param expiresAt {@code null} for a key that never expires
 */
public record KeySetup(String folderId, String serviceAccountName, String serviceAccountId, List<String> roles,
		List<String> scopes, Instant expiresAt, String description) {

	public KeySetup {
		if (folderId == null || folderId.isBlank() || serviceAccountName == null || serviceAccountName.isBlank()) {
			throw new IllegalArgumentException("a key setup needs a folder and a service account name");
		}
		if (scopes == null || scopes.isEmpty()) {
			throw new IllegalArgumentException("a key setup needs at least one scope");
		}
		roles = (roles != null) ? List.copyOf(roles) : List.of();
		scopes = List.copyOf(scopes);
		description = (description != null) ? description : "";
	}

}
