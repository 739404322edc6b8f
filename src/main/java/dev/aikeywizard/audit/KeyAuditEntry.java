package dev.aikeywizard.audit;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.data.annotation.Id;

/**
 * One row of the key audit: who did what to which key, and when. Never a secret: the key is named by its id and the
 * cloud's mask of its end. The table is {@code key_audit} ({@link AuditTableNames}).
 *
 * @param id the row's own number ({@code null} until stored)
 * @param eventKey what makes a record idempotent: the same event recorded twice is one row (e.g.
 * {@code ISSUED:<key id>})
 * @param userId who: the Yandex user id
 * @param login their Yandex login, when known
 * @param email their e-mail, when granted
 * @param roles the Foundation Models roles the service account holds on the folder, space-separated
 * @param scopes the key's scopes, space-separated
 * @param expiresAt when the key expires ({@code null}: never)
 * @param replacesKeyId for {@link KeyAction#ROTATED}: the key the new one replaces
 * @param maskedEnding the cloud's mask of the secret's end ({@code ****abc123})
 */
public record KeyAuditEntry(@Id Long id, String eventKey, KeyAction action, Instant occurredAt, String userId,
		String login, String email, String folderId, String serviceAccountId, String serviceAccountName,
		String roles, String scopes, Instant expiresAt, String keyId, String replacesKeyId, String maskedEnding) {

	/** This entry with its login in lower case, as the audit stores and matches logins. */
	KeyAuditEntry withLowerCaseLogin() {
		return new KeyAuditEntry(this.id, this.eventKey, this.action, this.occurredAt, this.userId,
				(this.login != null) ? this.login.toLowerCase(Locale.ROOT) : null, this.email, this.folderId,
				this.serviceAccountId, this.serviceAccountName, this.roles, this.scopes, this.expiresAt, this.keyId,
				this.replacesKeyId, this.maskedEnding);
	}

	/** A list of ids as a column value, e.g. {@code ai.languageModels.user ai.imageGeneration.user}. */
	public static String joined(List<String> ids) {
		return String.join(" ", ids);
	}

	public List<String> roleList() {
		return split(this.roles);
	}

	public List<String> scopeList() {
		return split(this.scopes);
	}

	private static List<String> split(String ids) {
		return (ids == null || ids.isBlank()) ? List.of() : Arrays.asList(ids.trim().split(" +"));
	}

}
