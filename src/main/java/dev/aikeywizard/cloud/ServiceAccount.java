package dev.aikeywizard.cloud;

import java.time.Instant;

public record ServiceAccount(String id, String folderId, String name, String description, Instant createdAt,
		String status) {
}
