package dev.aikeywizard.cloud;

public record CreateServiceAccountRequest(String folderId, String name, String description) {
}
