package dev.aikeywizard.cloud;

/** A Lockbox secret as {@code SecretService.Get} describes it: never its payload. */
public record LockboxSecret(String id, String folderId, String name, String description, String status) {
}
