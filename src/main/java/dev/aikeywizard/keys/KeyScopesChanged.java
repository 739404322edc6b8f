package dev.aikeywizard.keys;

import java.util.List;

/**
 * A key's scopes were changed in place (same secret). Never carries a secret.
 *
 * @param userId the Yandex user id of who changed them
 */
public record KeyScopesChanged(String userId, String folderId, String serviceAccountId, String keyId,
		String maskedSecret, List<String> previousScopes, List<String> scopes) {

	public KeyScopesChanged {
		previousScopes = List.copyOf(previousScopes);
		scopes = List.copyOf(scopes);
	}

}
