package dev.aikeywizard.security;

import java.time.Instant;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

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

	/** Keeps a credential record (a record type of the caller's), as JSON. */
	default void saveRecord(String userId, Kind kind, Object credential, Instant expiresAt) {
		save(userId, kind, RecordJson.MAPPER.writeValueAsString(credential), expiresAt);
	}

	/**
	 * The credential record kept for the user; empty when absent, or when it no longer reads as {@code type} (written
	 * by another version of the app during a rolling deploy): then it is dropped, and the user signs in again.
	 */
	default <T> Optional<T> findRecord(String userId, Kind kind, Class<T> type) {
		Optional<String> json = find(userId, kind);
		try {
			return json.map((text) -> RecordJson.MAPPER.readValue(text, type));
		}
		catch (JacksonException ex) {
			remove(userId, kind);
			return Optional.empty();
		}
	}

	/** Removes every credential of the user (logout). */
	default void forget(String userId) {
		for (Kind kind : Kind.values()) {
			remove(userId, kind);
		}
	}

	/** The JSON form of credential records. */
	final class RecordJson {

		static final JsonMapper MAPPER = JsonMapper.builder().build();

		private RecordJson() {
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
