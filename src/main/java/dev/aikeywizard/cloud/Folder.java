package dev.aikeywizard.cloud;

import java.time.Instant;

/** A folder; {@code status} is ACTIVE, DELETING, PENDING_DELETION or STATUS_UNSPECIFIED. */
public record Folder(String id, String cloudId, String name, String description, String status, Instant createdAt) {

	public boolean isActive() {
		return "ACTIVE".equals(status);
	}

}
