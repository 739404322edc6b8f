package dev.aikeywizard.security;

import java.time.Instant;
import java.util.Optional;

/**
 * Where each signed-in user's credentials live between requests, by Yandex user id: never in the HTTP session, a
 * cookie or a page. An entry lives until its credential expires and no longer than the vault's idle timeout after its
 * last use. In memory (one instance) it is a bounded cache; with Redis every replica reads the same entries, sealed
 * with AES-GCM, so any replica serves any request and a logout on one is a logout on all.
 */
interface CredentialVault {

	void save(String userId, Kind kind, String credential, Instant expiresAt);

	/** The credential, its idle time restarted; empty when absent, expired or unreadable. */
	Optional<String> find(String userId, Kind kind);

	void remove(String userId, Kind kind);

	/** Removes every credential of the user (logout). */
	default void forget(String userId) {
		for (Kind kind : Kind.values()) {
			remove(userId, kind);
		}
	}

	/** The kinds of credential a user has. */
	enum Kind {

		/** The Yandex ID OAuth token from sign-in. */
		YANDEX_ID("yandex-id"),

		/** The Yandex Cloud credential: an IAM token and what it was made from. */
		CLOUD("cloud");

		private final String id;

		Kind(String id) {
			this.id = id;
		}

		String id() {
			return this.id;
		}

	}

}
