package dev.aikeywizard.wizard.key;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A key was issued by the wizard: published (an application event) right after Yandex Cloud created it, for the
 * audit. Everything about the key but its secret: the record has no field that can hold one, and
 * {@link #maskedEnding} is refused unless it is a mask (at most six visible characters, as the cloud's
 * {@code maskedSecret} {@code ****abc123}), so neither the event nor its {@code toString()} can carry a secret.
 *
 * @param userId who asked for it: the Yandex user id
 * @param login their Yandex login, {@code null} when unknown
 * @param email their e-mail, {@code null} when not granted
 * @param issuedAt when the wizard got the created key back
 * @param roles the Foundation Models roles (ids, e.g. {@code ai.languageModels.user}) the service account holds on
 * the folder after this run
 * @param scopes the key's scopes (ids, e.g. {@code yc.ai.languageModels.execute})
 * @param expiresAt when the key expires, {@code null} for never
 * @param maskedEnding the cloud's masked secret ({@code ****abc123}), {@code null} when it sent none
 */
public record KeyIssued(String userId, String login, String email, Instant issuedAt, String folderId,
		String serviceAccountId, String serviceAccountName, List<String> roles, List<String> scopes,
		Instant expiresAt, String keyId, String maskedEnding) {

	/** A mask: asterisks, then at most six characters of the secret's end. */
	static final Pattern MASK = Pattern.compile("\\**[A-Za-z0-9_-]{0,6}");

	public KeyIssued {
		if (userId == null || keyId == null || issuedAt == null) {
			throw new IllegalArgumentException("a key issue needs who, which key and when");
		}
		if (maskedEnding != null && (maskedEnding.length() > 16 || !MASK.matcher(maskedEnding).matches())) {
			throw new IllegalArgumentException("maskedEnding must be a mask of the secret's end, not the secret");
		}
		roles = List.copyOf(roles);
		scopes = List.copyOf(scopes);
	}

	/** The cloud's {@code maskedSecret} when it is a mask, else {@code null} (never the value itself). */
	public static String maskOrNull(String maskedSecret) {
		return (maskedSecret != null && maskedSecret.length() <= 16 && MASK.matcher(maskedSecret).matches())
				? maskedSecret : null;
	}

}
