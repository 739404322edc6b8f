package dev.aikeywizard.cloud;

import java.time.Instant;

public record Cloud(String id, String name, String description, String organizationId, Instant createdAt) {
}
