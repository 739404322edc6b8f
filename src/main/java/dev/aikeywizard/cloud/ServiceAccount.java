package dev.aikeywizard.cloud;

import java.time.Instant;
import java.util.Map;

/** A service account as the IAM API returns it; {@code labels} is empty when it has none. */
public record ServiceAccount(String id, String folderId, String name, String description, Instant createdAt,
		String status, Map<String, String> labels) {

	public ServiceAccount {
		labels = (labels != null) ? Map.copyOf(labels) : Map.of();
	}

	public ServiceAccount(String id, String folderId, String name, String description, Instant createdAt,
			String status) {
		this(id, folderId, name, description, createdAt, status, Map.of());
	}

}
