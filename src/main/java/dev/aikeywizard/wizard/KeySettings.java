package dev.aikeywizard.wizard;

import java.io.Serial;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;

/**
 * Step 5: what the key may do and for how long.
 *
 * @param expiry {@code null} for a key that never expires
 */
public record KeySettings(Set<KeyScope> scopes, KeyExpiry expiry, String description) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	public KeySettings {
		if (scopes.isEmpty()) {
			throw new IllegalArgumentException("a key needs at least one scope");
		}
		scopes = EnumSet.copyOf(scopes);
		description = (description != null) ? description : "";
	}

}
