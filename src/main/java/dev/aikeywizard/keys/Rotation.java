package dev.aikeywizard.keys;

import dev.aikeywizard.cloud.ApiKey;

/**
 * The outcome of a rotation: the old key (still working until revoked) and its successor, with the successor's
 * secret only in the one response that made it ({@code null} on a repeat). {@link #toString()} redacts the secret.
 */
record Rotation(OwnedKey old, ApiKey successor, String secret) {

	@Override
	public String toString() {
		return "Rotation[old=" + this.old.key().id() + ", successor=" + this.successor.id() + ", secret="
				+ ((this.secret != null) ? "<redacted>" : null) + "]";
	}

}
