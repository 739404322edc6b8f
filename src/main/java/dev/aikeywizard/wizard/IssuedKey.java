package dev.aikeywizard.wizard;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the result page shows after the key was issued: everything but the secret.
 *
 * @param expiry the expiry the user chose ({@code null}: never), with the instant the cloud confirmed
 * @param roles the Foundation Models roles the service account holds on the folder
 */
public record IssuedKey(String id, String serviceAccountId, String serviceAccountName, String folderId,
		Set<KeyScope> scopes, Set<FoundationRole> roles, KeyExpiry expiry, Instant expiresAt, Instant issuedAt,
		String maskedSecret) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	public IssuedKey {
		scopes = EnumSet.copyOf(scopes);
		roles = roles.isEmpty() ? EnumSet.noneOf(FoundationRole.class) : EnumSet.copyOf(roles);
	}

}
